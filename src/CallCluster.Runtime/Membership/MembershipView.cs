namespace CallCluster.Runtime.Membership;

/// <summary>A node's latest reading of the membership table.</summary>
public sealed class MembershipView
{
    public static readonly MembershipView Empty = new(-1, new Dictionary<SiloAddress, MembershipEntry>());

    private MembershipView(int version, IReadOnlyDictionary<SiloAddress, MembershipEntry> entries)
    {
        Version = version;
        Entries = entries;
        DeadSilos = entries.Values.Where(e => e.Status == SiloStatus.Dead).Select(e => e.Silo).ToHashSet();
        ActiveSilos = [.. entries.Values.Where(e => e.Status == SiloStatus.Active).Select(e => e.Silo).OrderBy(s => s.ToString(), StringComparer.Ordinal)];
    }

    public int Version { get; }

    public IReadOnlyDictionary<SiloAddress, MembershipEntry> Entries { get; }

    public IReadOnlySet<SiloAddress> DeadSilos { get; }

    /// <summary>Silos that accept new activations (Active only: Joining is not ready, ShuttingDown is leaving).</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos { get; }

    public static MembershipView From(MembershipTableData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new MembershipView(data.Version.Version, data.Rows.ToDictionary(r => r.Entry.Silo, r => r.Entry));
    }

    public SiloStatus StatusOf(SiloAddress silo) => Entries.TryGetValue(silo, out var entry) ? entry.Status : SiloStatus.None;

    public bool IsDead(SiloAddress silo) => DeadSilos.Contains(silo);
}
