using CallCluster.Media.Frames;

namespace CallCluster.Edge.Calls;

/// <summary>
/// What the edge knows when a call's media starts. Audio between the edge and the handler is always
/// 16 kHz mono, 20 ms frames of <see cref="AudioFormat.SamplesPerFrame"/> samples, whatever <see cref="Codec"/> the line uses.
/// </summary>
/// <param name="CallId">The edge's id for the call (SIP Call-ID, or the provider's call id); stable across reconnects.</param>
/// <param name="Caller">The calling party (PII: never log it unredacted).</param>
/// <param name="Callee">The called party (PII: never log it unredacted).</param>
/// <param name="Codec">The codec on the line, e.g. "PCMU/8000" or "opus/48000/2", for metrics and evidence.</param>
/// <param name="Dtmf">How digits reach the edge, so the handler knows whether asking for keypad input can work.</param>
/// <param name="Parameters">Provider-specific extras (Twilio custom parameters, SIP headers the trunk maps); empty when none.</param>
public sealed record CallStartInfo(
    string CallId,
    string Caller,
    string Callee,
    string Codec,
    DtmfCapability Dtmf,
    IReadOnlyDictionary<string, string> Parameters);
