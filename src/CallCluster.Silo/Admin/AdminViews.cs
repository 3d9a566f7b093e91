using CallCluster.Runtime.Membership;

namespace CallCluster.Silo.Admin;

/// <summary>One row of <c>/api/silos</c>.</summary>
public sealed record SiloView(
    string Address,
    string Status,
    string HostName,
    DateTimeOffset StartTime,
    DateTimeOffset IAmAliveTime,
    int Suspicions,
    bool Self)
{
    internal static IReadOnlyList<SiloView> From(IClusterView view) =>
    [
        .. view.Membership.Entries.Values
            .OrderBy(e => e.StartTime)
            .Select(e => new SiloView(e.Silo.ToString(), e.Status.ToString(), e.HostName, e.StartTime, e.IAmAliveTime, e.Suspicions.Count, e.Silo == view.Self)),
    ];
}

/// <summary>The body of <c>/api/calls</c>: activations on this silo and calls live on this node's lines.</summary>
public sealed record LiveCallsView(string? Silo, int? Activations, IReadOnlyDictionary<string, IReadOnlyList<string>> Lines)
{
    internal static LiveCallsView From(IClusterView view, IEnumerable<ILiveCallSource> lines) => new(
        view.Self?.ToString(),
        view.Activations,
        lines.ToDictionary(l => l.Line, l => l.LiveCallIds, StringComparer.Ordinal));
}

/// <summary>The body of <c>/api/cluster</c>: a summary for dashboards and scripts.</summary>
public sealed record ClusterSummary(int MembershipVersion, int Active, int ShuttingDown, int Dead)
{
    internal static ClusterSummary From(MembershipView view) => new(
        view.Version,
        view.Entries.Values.Count(e => e.Status == SiloStatus.Active),
        view.Entries.Values.Count(e => e.Status == SiloStatus.ShuttingDown),
        view.Entries.Values.Count(e => e.Status == SiloStatus.Dead));
}
