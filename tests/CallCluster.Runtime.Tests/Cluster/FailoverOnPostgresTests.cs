using CallCluster.Runtime.Membership;
using CallCluster.Runtime.Tests.Grains;
using CallCluster.Testing;

namespace CallCluster.Runtime.Tests.Cluster;

/// <summary>Silo death on the real PostgreSQL cluster store. Waits are generous: the machine is shared and noisy.</summary>
[Trait("Category", TestCategories.Postgres)]
public sealed class FailoverOnPostgresTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Killing_the_owner_silo_activates_the_grain_on_a_live_silo_with_its_last_written_state()
    {
        await using var pg = await PostgresCluster.DeployAsync(database, silos: 3);
        var grain = pg.Cluster.Client.GetGrain<ICounterGrain>("survivor");
        for (var i = 0; i < 3; i++)
        {
            await grain.Increment();
        }

        var before = await grain.Where();
        await pg.Cluster.KillSiloAsync(pg.Cluster.Silos.Single(s => s.Address.ToString() == before.Silo));

        Assert.Equal(4, await grain.Increment().WaitAsync(Patience));
        var after = await grain.Where();
        Assert.NotEqual(before.Silo, after.Silo);
        Assert.True(after.Epoch > before.Epoch, $"the new activation's epoch {after.Epoch} is above the killed one's {before.Epoch}");
        Assert.Contains($"activate survivor {after.ActivationId} value=3", pg.Events.Log);
        Assert.Equal(4, await pg.StoredValueAsync("counter/survivor", "counter"));
    }

    [Fact]
    public async Task A_killed_silo_is_declared_Dead_within_the_configured_time_and_never_rejoins_under_its_identity()
    {
        var membership = new MembershipOptions { ProbeTimeout = TimeSpan.FromSeconds(1) };

        // The longest path to a verdict: a probe interval, then every allowed probe timing out, plus the vote's
        // round trips. It is the same budget the runtime's router waits for a verdict; a kill -9 normally takes
        // the short path (the connection is refused, which counts as every probe missed at once).
        var budget = membership.ProbeInterval + (membership.ProbeTimeout * (membership.MissedProbesLimit + 1)) + TimeSpan.FromSeconds(2);
        await using var pg = await PostgresCluster.DeployAsync(database, silos: 3, o => o.Membership = membership);
        var victim = pg.Cluster.Silos[2];
        var grain = pg.Cluster.Client.GetGrain<ICounterGrain>("after-the-death");

        await pg.Cluster.KillSiloAsync(victim);
        await Eventually.TrueAsync(async () => (await pg.ReadMembershipAsync()).IsDead(victim.Address), budget, $"the killed silo is Dead in the table within {budget}");

        var row = (await pg.Cluster.Providers.MembershipTable.ReadAllAsync(CancellationToken.None)).Rows.Single(r => r.Entry.Silo == victim.Address);
        Assert.Equal(SiloStatus.Dead, row.Entry.Status);
        Assert.NotEmpty(row.Entry.Suspicions);
        Assert.Equal(0L, await pg.ScalarAsync<long>("SELECT count(*) FROM grain_directory WHERE cluster_id = @cluster AND silo = @silo", ("silo", victim.Address.ToString())));

        // Its identity cannot be inserted again: a row for it exists, and the table refuses the insert.
        var table = await pg.Cluster.Providers.MembershipTable.ReadAllAsync(CancellationToken.None);
        var rejoin = MembershipEntry.Joining(victim.Address, Environment.MachineName, DateTimeOffset.UtcNow);
        Assert.False(await pg.Cluster.Providers.MembershipTable.InsertRowAsync(rejoin, table.Version.Next(), CancellationToken.None));

        // A silo started in its place is a new identity (a new generation), and the old one stays Dead for everyone.
        var replacement = await pg.Cluster.StartAdditionalSiloAsync();
        Assert.NotEqual(victim.Address, replacement.Address);
        await pg.Cluster.WaitForLivenessToStabilizeAsync(Patience);
        Assert.Equal(SiloStatus.Dead, (await pg.ReadMembershipAsync()).StatusOf(victim.Address));
        Assert.All(pg.Cluster.Silos, s => Assert.Equal(SiloStatus.Dead, s.MembershipView.StatusOf(victim.Address)));
        Assert.Equal(1, await grain.Increment().WaitAsync(Patience));
        Assert.NotEqual(victim.Address.ToString(), (await grain.Where()).Silo);
    }
}
