namespace CallCluster.Sip.Dialogs;

/// <summary>RFC 4028 session timer settings.</summary>
public sealed class SessionTimerOptions
{
    /// <summary>Session interval we ask for and grant at most. Default 1800 s, the RFC's recommendation.</summary>
    public int SessionExpiresSeconds { get; init; } = 1800;

    /// <summary>Smallest interval we accept; a smaller Session-Expires gets 422. Default 90 s, the RFC minimum.</summary>
    public int MinSESeconds { get; init; } = 90;
}
