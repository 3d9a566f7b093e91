using CallCluster.Runtime.Membership;
using CallCluster.Runtime.Tests.Grains;
using CallCluster.Testing;

namespace CallCluster.Runtime.Tests.Cluster;

/// <summary>A graceful stop on the PostgreSQL cluster store waits for busy activations, up to the grace.</summary>
[Trait("Category", TestCategories.Postgres)]
public sealed class GracefulStopTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_busy_activation_keeps_serving_until_its_work_ends_then_moves_with_its_state()
    {
        // A grace far longer than the test's steps, so only the end of the work can let the stop proceed.
        await using var pg = await PostgresCluster.DeployAsync(database, silos: 2, o => o.ShutdownGrace = TimeSpan.FromMinutes(5));
        var grain = pg.Cluster.Client.GetGrain<ICounterGrain>("busy");
        Assert.Equal(1, await grain.Increment());
        await grain.StartWork();
        var before = await grain.Where();
        var leaving = pg.Cluster.Silos.Single(s => s.Address.ToString() == before.Silo);

        var stopping = pg.Cluster.StopSiloAsync(leaving);
        await Eventually.TrueAsync(async () => (await pg.ReadMembershipAsync()).StatusOf(leaving.Address) == SiloStatus.ShuttingDown, Patience, "the silo is ShuttingDown in the table");

        Assert.Equal(2, await grain.Increment());
        Assert.Equal(before.ActivationId, (await grain.Where()).ActivationId);
        Assert.Equal(0, pg.Events.Count("deactivate busy"));
        Assert.False(stopping.IsCompleted);

        await grain.Finish();
        await stopping.WaitAsync(Patience);
        await pg.Events.WhenRecorded($"deactivate busy {before.ActivationId} {DeactivationReasonCode.ShuttingDown}").WaitAsync(Patience);
        Assert.Equal(SiloStatus.Dead, (await pg.ReadMembershipAsync()).StatusOf(leaving.Address));

        Assert.Equal(3, await grain.Increment());
        var after = await grain.Where();
        Assert.NotEqual(before.Silo, after.Silo);
        Assert.Contains($"activate busy {after.ActivationId} value=2", pg.Events.Log);
    }

    [Fact]
    public async Task A_busy_activation_that_never_finishes_is_deactivated_once_the_grace_ends()
    {
        await using var pg = await PostgresCluster.DeployAsync(database, silos: 2, o => o.ShutdownGrace = TimeSpan.FromSeconds(1));
        var grain = pg.Cluster.Client.GetGrain<ICounterGrain>("stuck");
        Assert.Equal(1, await grain.Increment());
        await grain.StartWork();
        var before = await grain.Where();

        await pg.Cluster.StopSiloAsync(pg.Cluster.Silos.Single(s => s.Address.ToString() == before.Silo)).WaitAsync(Patience);

        Assert.Equal(1, pg.Events.Count($"deactivate stuck {before.ActivationId} {DeactivationReasonCode.ShuttingDown}"));
        Assert.Equal(2, await grain.Increment());
        Assert.NotEqual(before.Silo, (await grain.Where()).Silo);
    }
}
