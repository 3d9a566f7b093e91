namespace CallCluster.Sip.Dialogs;

/// <summary>Settings of the UA core that the Edge runs.</summary>
public sealed record SipUserAgentOptions
{
    /// <summary>Calls this UA carries at once; beyond it INVITEs get 503 with Retry-After. Default 200, a safe load for one edge.</summary>
    public int MaxConcurrentCalls { get; init; } = 200;

    /// <summary>Seconds put in Retry-After when full. Default 5: soon enough for a trunk to retry, long enough for calls to end.</summary>
    public int RetryAfterSeconds { get; init; } = 5;

    public SessionTimerOptions SessionTimers { get; init; } = new();

    /// <summary>The user part of our Contact. Default "callcluster".</summary>
    public string ContactUser { get; init; } = "callcluster";

    /// <summary>
    /// The host (IP address or DNS name) written in our Contact and in the sent-by of our requests' Via instead of the
    /// socket's address. Default null: the transport's local address, right when that address is reachable by peers;
    /// set it behind NAT, in Kubernetes, or when listening on 0.0.0.0, so that in-dialog requests find their way back.
    /// </summary>
    public string? AdvertisedHost { get; init; }

    /// <summary>
    /// The port written with <see cref="AdvertisedHost"/>. Default null: the transport's local port, right unless a
    /// NAT or load balancer maps a different public port onto it.
    /// </summary>
    public int? AdvertisedPort { get; init; }

    /// <summary>User-Agent / Server header value. Default "CallCluster".</summary>
    public string ProductName { get; init; } = "CallCluster";
}
