namespace CallCluster.Runtime.Membership;

/// <summary>One row of the membership table: a silo, its status, its liveness and who suspects it.</summary>
public sealed record MembershipEntry(
    SiloAddress Silo,
    SiloStatus Status,
    string HostName,
    DateTimeOffset StartTime,
    DateTimeOffset IAmAliveTime,
    IReadOnlyList<SuspicionVote> Suspicions)
{
    public static MembershipEntry Joining(SiloAddress silo, string hostName, DateTimeOffset now) =>
        new(silo, SiloStatus.Joining, hostName, now, now, []);
}

/// <summary>A silo's vote that another silo is dead, after missed heartbeats or failed probes.</summary>
public sealed record SuspicionVote(SiloAddress Suspecter, DateTimeOffset Time);
