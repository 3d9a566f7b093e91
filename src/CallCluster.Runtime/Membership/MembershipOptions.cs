namespace CallCluster.Runtime.Membership;

/// <summary>
/// Failure detection and membership timing. The defaults target failover p95 ≤ 1 s after a kill -9 (the
/// peers' connections reset, they probe at once, the refused connect is a definite miss, so the silo is
/// voted Dead within a few table round trips) and ≤ 3 s after a SIGSTOP (sockets stay open; each peer
/// needs <see cref="MissedProbesLimit"/> probes to time out: about 250 + 2 × 750 ms, then the votes).
/// </summary>
public sealed class MembershipOptions
{
    /// <summary>How often each silo probes every other live silo. Default 250 ms: fast detection, still a trivial load.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a probe may go unanswered before it counts as missed. Default 750 ms: above GC pauses and the
    /// scheduling stalls of a busy 2-core machine, yet small enough for SIGSTOP detection within 3 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromMilliseconds(750);

    /// <summary>Consecutive missed probes before a silo votes its peer dead. Default 2: one slow reply is not a death.
    /// A refused connection counts as all of them at once: nothing listens on that silo's port any more.</summary>
    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>Votes needed to declare a silo Dead (capped by the number of other Active silos). Default 2, as in Orleans:
    /// one silo with a bad network cannot kill a healthy peer alone.</summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How long a suspicion vote counts. Default 10 s: votes from an old incident do not add up with new ones.</summary>
    public TimeSpan DeathVoteExpiration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a silo writes its IAmAlive time. Default 1 s: the table shows liveness for operators and clients.</summary>
    public TimeSpan IAmAlivePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A peer whose IAmAlive time is older than this gets a suspicion vote even if probes cannot reach a verdict
    /// (e.g. it never accepted a connection). Default 10 s: ten missed heartbeats, far beyond any pause a live silo has.</summary>
    public TimeSpan IAmAliveStaleAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a node re-reads the table even without a change notice. Default 1 s: notices are sent on every
    /// change, so this only bounds how stale a node can be if it missed one.</summary>
    public TimeSpan TableRefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Timeout of a TCP connect to a silo. Default 1 s: loopback and LAN connects take microseconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(1);
}
