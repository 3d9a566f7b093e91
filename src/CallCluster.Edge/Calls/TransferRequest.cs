namespace CallCluster.Edge.Calls;

/// <summary>A handler's request to hand the caller to another party.</summary>
/// <param name="Target">Where to send the caller: a SIP URI or an E.164 number (PII: never log it unredacted).</param>
/// <param name="Blind">True for a blind transfer (REFER and forget); false when the edge bridges to an already-connected leg.</param>
public sealed record TransferRequest(string Target, bool Blind);
