namespace CallCluster.Edge.Twilio;

/// <summary>
/// A serialized message waiting for the socket, in a pooled buffer. Media carries the clear generation it was
/// made in, so a <c>clear</c> also discards media that was queued but not yet written to the socket.
/// </summary>
internal readonly record struct OutboundMessage(byte[] Buffer, int Length, bool IsMedia, int ClearGeneration);
