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
}
