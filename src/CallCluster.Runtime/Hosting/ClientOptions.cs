namespace CallCluster.Runtime.Hosting;

/// <summary>A cluster client's settings. Every default is stated here, once.</summary>
public sealed class ClientOptions
{
    /// <summary>How long a call waits for its response. Default 30 s, as in Orleans.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the client re-reads membership without a change notice. Default 1 s; silos also push notices.</summary>
    public TimeSpan TableRefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Timeout of a TCP connect to a silo. Default 1 s: loopback and LAN connects take microseconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Frames the client accepts on a stream before the grain must wait for credit. Default 50: one second of 20 ms audio.</summary>
    public int FrameStreamWindow { get; set; } = 50;

    /// <summary>How long a silo that refused a connection is skipped as a gateway unless membership says otherwise.
    /// Default 5 s: longer than failure detection takes, so by then the table has the verdict.</summary>
    public TimeSpan UnreachableSiloBackoff { get; set; } = TimeSpan.FromSeconds(5);
}
