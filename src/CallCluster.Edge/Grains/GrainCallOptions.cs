namespace CallCluster.Edge.Grains;

/// <summary>How the edge talks to call grains. Every default is stated once, here.</summary>
public sealed class GrainCallOptions
{
    /// <summary>
    /// How long the edge keeps trying to re-open a broken call stream (the hosting silo died) before it gives up and
    /// hangs up. Default 20 s: membership declares a dead silo within seconds and the caller hears a gap, but 20 s is
    /// far less than the time a caller waits before hanging up on silence.
    /// </summary>
    public TimeSpan FailoverBudget { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Pause between attempts to re-open the stream. Default 200 ms: quick, without spinning on a cluster in flux.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The most caller input the edge keeps for a replay after a failover: what no checkpoint of the grain covers yet.
    /// Default 30 s (1500 frames, about 1 MB): a checkpoint comes at least once per turn, and a caller turn plus an
    /// agent turn fit well within it. Past it the oldest input is dropped (and counted).
    /// </summary>
    public TimeSpan ReplayCapacity { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A replayed frame below this level counts as quiet. Default -40 dBFS, the call grain's VAD threshold, so what the
    /// grain would hear as speech is never skipped.
    /// </summary>
    public double ReplayQuietDbfs { get; set; } = -40;

    /// <summary>
    /// Quiet replayed at real time before the rest of a silence is sent at once to catch up with the live line.
    /// Default 1 s: longer than the grain's VAD stop (300 ms) plus its endpointing minimum silence (500 ms), so an
    /// utterance in the backlog still ends the caller's turn as it did live.
    /// </summary>
    public TimeSpan ReplayPacedQuiet { get; set; } = TimeSpan.FromSeconds(1);
}
