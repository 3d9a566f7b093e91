using CallCluster.Runtime.Membership;
using CallCluster.Runtime.Placement;

namespace CallCluster.Runtime.Tests;

public sealed class MembershipTableTests
{
    private static readonly SiloAddress A = new("127.0.0.1", 1, 1);
    private static readonly SiloAddress B = new("127.0.0.1", 2, 2);
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Writes_are_compare_and_swap_on_the_version_row_and_the_row_etag()
    {
        var table = new InMemoryMembershipTable();
        var empty = await table.ReadAllAsync(CancellationToken.None);
        Assert.True(await table.InsertRowAsync(MembershipEntry.Joining(A, "a", Now), empty.Version.Next(), CancellationToken.None));

        // A writer that read before that insert loses, and must re-read.
        Assert.False(await table.InsertRowAsync(MembershipEntry.Joining(B, "b", Now), empty.Version.Next(), CancellationToken.None));
        var read = await table.ReadAllAsync(CancellationToken.None);
        Assert.True(await table.InsertRowAsync(MembershipEntry.Joining(B, "b", Now), read.Version.Next(), CancellationToken.None));

        var current = await table.ReadAllAsync(CancellationToken.None);
        var rowA = current.Rows.Single(r => r.Entry.Silo == A);
        Assert.False(await table.UpdateRowAsync(rowA.Entry with { Status = SiloStatus.Active }, "stale-etag", current.Version.Next(), CancellationToken.None));
        Assert.True(await table.UpdateRowAsync(rowA.Entry with { Status = SiloStatus.Active }, rowA.ETag, current.Version.Next(), CancellationToken.None));
        Assert.False(await table.UpdateRowAsync(rowA.Entry with { Status = SiloStatus.Dead }, rowA.ETag, current.Version.Next(), CancellationToken.None));

        // Heartbeats do not move the version, so they never make a membership change lose its race.
        var beforeHeartbeat = await table.ReadAllAsync(CancellationToken.None);
        await table.UpdateIAmAliveAsync(A, Now.AddSeconds(5), CancellationToken.None);
        var afterHeartbeat = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(beforeHeartbeat.Version, afterHeartbeat.Version);
        Assert.Equal(Now.AddSeconds(5), afterHeartbeat.Rows.Single(r => r.Entry.Silo == A).Entry.IAmAliveTime);
    }

    [Fact]
    public void Placement_chooses_only_among_active_silos_and_prefers_the_less_loaded()
    {
        var placement = new PlacementDirector(cpuWeight: 100);
        var loads = new Dictionary<SiloAddress, SiloLoad> { [A] = new(1000, 0.9), [B] = new(0, 0.1) };
        for (var i = 0; i < 50; i++)
        {
            // With two candidates both are always compared: the idle one wins until our own placements catch up.
            Assert.Equal(B, placement.Choose([A, B], s => loads[s]));
        }

        Assert.Null(placement.Choose([], s => loads[s]));
        Assert.Equal(A, placement.Choose([A], s => loads[s]));
    }

    [Fact]
    public void Placement_counts_its_own_recent_placements_so_a_burst_spreads_out()
    {
        var placement = new PlacementDirector(cpuWeight: 0);
        var silos = new[] { A, B };
        var chosen = Enumerable.Range(0, 100).Select(_ => placement.Choose(silos, _ => new SiloLoad(0, 0))!.Value).ToList();
        Assert.InRange(chosen.Count(s => s == A), 45, 55);
    }
}
