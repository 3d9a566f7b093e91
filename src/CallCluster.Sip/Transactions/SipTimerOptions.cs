namespace CallCluster.Sip.Transactions;

/// <summary>RFC 3261 §17 timer base values; every transaction timer derives from these (Table 4).</summary>
public sealed class SipTimerOptions
{
    /// <summary>RTT estimate. Default 500 ms, the RFC value; lower it only on a network known to be faster.</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest retransmit interval for non-INVITE requests and INVITE responses. Default 4 s (RFC).</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Longest time a message stays in the network. Default 5 s (RFC).</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timers B, F, H, J, L, M: 64·T1.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    /// <summary>Timer D over UDP: at least 32 s (RFC 3261 §17.1.1.2).</summary>
    public TimeSpan TimerD => TimeSpan.FromSeconds(32) > TransactionTimeout ? TimeSpan.FromSeconds(32) : TransactionTimeout;
}
