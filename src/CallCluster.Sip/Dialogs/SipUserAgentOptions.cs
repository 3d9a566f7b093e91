namespace CallCluster.Sip.Dialogs;

/// <summary>Settings of the UA core that the Edge runs.</summary>
public sealed class SipUserAgentOptions
{
    /// <summary>Calls this UA carries at once; beyond it INVITEs get 503 with Retry-After. Default 200, a safe load for one edge.</summary>
    public int MaxConcurrentCalls { get; init; } = 200;

    /// <summary>Seconds put in Retry-After when full. Default 5: soon enough for a trunk to retry, long enough for calls to end.</summary>
    public int RetryAfterSeconds { get; init; } = 5;

    public SessionTimerOptions SessionTimers { get; init; } = new();

    /// <summary>The user part of our Contact. Default "callcluster".</summary>
    public string ContactUser { get; init; } = "callcluster";

    /// <summary>User-Agent / Server header value. Default "CallCluster".</summary>
    public string ProductName { get; init; } = "CallCluster";
}
