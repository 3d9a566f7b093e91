namespace CallCluster.Grains.Calls;

/// <summary>
/// The first message an edge sends on a call's frame stream: who is calling, and whether this stream replaces one
/// that broke (the grain then resumes from its checkpoint instead of greeting).
/// </summary>
/// <param name="CallId">The call id; must equal the grain key.</param>
/// <param name="Caller">The caller's number or URI (PII: never logged unredacted).</param>
/// <param name="Callee">The number or URI that was dialled.</param>
/// <param name="Reconnect">True when the edge re-opened the stream after it broke.</param>
/// <param name="LastInput">
/// The number of the newest caller input (audio frame or key) the edge had when it sent this hello; 0 before the first.
/// After a reconnect the edge replays what no checkpoint covers up to it, and a new activation waits for it before
/// choosing between the replayed turn and its resume line.
/// </param>
public sealed record CallHello(string CallId, string Caller, string Callee, bool Reconnect, long LastInput = 0);
