namespace CallCluster.Host.Hosting;

/// <summary>What an edge process serves. Every default is stated here, once.</summary>
internal sealed class EdgeNodeOptions
{
    /// <summary>The SIP listener (UDP and TCP). Default 127.0.0.1:5080: local tests and softphones; 0.0.0.0:5060 on a trunk.</summary>
    public ListenEndpoint Sip { get; set; } = ListenEndpoint.Parse("127.0.0.1:5080");

    /// <summary>
    /// The address peers reach the SIP listener at (Contact, Via, SDP), when it differs from <see cref="Sip"/>'s: behind
    /// NAT, in Kubernetes, or listening on 0.0.0.0. Default null: <see cref="Sip"/>'s address.
    /// </summary>
    public string? PublicAddress { get; set; }

    /// <summary>The public SIP port, when a NAT or load balancer maps another one. Default null: <see cref="Sip"/>'s port.</summary>
    public int? PublicSipPort { get; set; }

    /// <summary>The address written in SDP when media is reachable elsewhere than signalling. Default null: <see cref="PublicAddress"/>.</summary>
    public string? PublicRtpAddress { get; set; }

    /// <summary>
    /// SCHED_FIFO priority of the playout threads (<see cref="CallCluster.Edge.Playout.PlayoutOptions.RealtimePriority"/>);
    /// 0 turns real time off. Default null: the playout options' own default (configuration section "Playout").
    /// </summary>
    public int? RealtimePriority { get; set; }

    /// <summary>How long the edge waits at start-up for an Active silo before it gives up. Default 2 minutes: long enough
    /// for silos starting alongside it (migrations, model loading), short enough that a misconfigured edge fails visibly.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
