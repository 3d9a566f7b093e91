namespace CallCluster.Host.Hosting;

/// <summary>What an edge process serves. Every default is stated here, once.</summary>
internal sealed class EdgeNodeOptions
{
    /// <summary>The SIP listener (UDP and TCP). Default 127.0.0.1:5080: local tests and softphones; 0.0.0.0:5060 on a trunk.</summary>
    public ListenEndpoint Sip { get; set; } = ListenEndpoint.Parse("127.0.0.1:5080");

    /// <summary>How long the edge waits at start-up for an Active silo before it gives up. Default 2 minutes: long enough
    /// for silos starting alongside it (migrations, model loading), short enough that a misconfigured edge fails visibly.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
