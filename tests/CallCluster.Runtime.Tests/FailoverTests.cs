using CallCluster.Runtime.Activation;
using CallCluster.Runtime.Membership;
using CallCluster.Runtime.TestingHost;
using CallCluster.Runtime.Tests.Grains;
using CallCluster.Testing;

namespace CallCluster.Runtime.Tests;

/// <summary>Silo death and departure on a real loopback cluster. Waits are generous: the machine is shared and noisy.</summary>
public sealed class FailoverTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Killing_the_owner_silo_moves_the_grain_to_a_live_silo_with_its_last_written_state()
    {
        var (cluster, _) = await ClusterFactory.DeployAsync(silos: 3);
        await using var _cluster = cluster;
        var grain = cluster.Client.GetGrain<ICounterGrain>("survivor");
        for (var i = 0; i < 3; i++)
        {
            await grain.Increment();
        }

        var before = await grain.Where();
        var owner = cluster.Silos.Single(s => s.Address.ToString() == before.Silo);
        await cluster.KillSiloAsync(owner);

        // The very next call fails over: the client saw the connection drop, the owner is probed and declared Dead.
        Assert.Equal(4, await grain.Increment().WaitAsync(Patience));
        var after = await grain.Where();
        Assert.NotEqual(before.Silo, after.Silo);
        Assert.True(after.Epoch > before.Epoch);
    }

    [Fact]
    public async Task A_killed_silo_is_declared_Dead_its_grains_unregistered_and_it_never_comes_back()
    {
        var (cluster, _) = await ClusterFactory.DeployAsync(silos: 3);
        await using var _cluster = cluster;
        var victim = cluster.Silos[2];
        var grainsOnVictim = 0;
        for (var i = 0; grainsOnVictim == 0 && i < 200; i++)
        {
            var where = await cluster.Client.GetGrain<ICounterGrain>($"g{i}").Where();
            grainsOnVictim += where.Silo == victim.Address.ToString() ? 1 : 0;
        }

        Assert.Equal(1, grainsOnVictim);
        await cluster.KillSiloAsync(victim);

        await cluster.WaitForLivenessToStabilizeAsync(Patience);
        var table = await cluster.Providers.MembershipTable.ReadAllAsync(CancellationToken.None);
        var row = table.Rows.Single(r => r.Entry.Silo == victim.Address).Entry;
        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.NotEmpty(row.Suspicions);
        Assert.All(cluster.Silos, s => Assert.Equal(SiloStatus.Active, s.MembershipView.StatusOf(s.Address)));

        // A silo started after the death is a new silo (new generation); the dead address stays Dead.
        var replacement = await cluster.StartAdditionalSiloAsync();
        Assert.NotEqual(victim.Address, replacement.Address);
        await cluster.WaitForLivenessToStabilizeAsync(Patience);
        Assert.Equal(SiloStatus.Dead, replacement.MembershipView.StatusOf(victim.Address));
    }

    [Fact]
    public async Task A_paused_silo_is_declared_Dead_by_probe_timeouts_and_stops_itself_when_it_resumes()
    {
        var (cluster, _) = await ClusterFactory.DeployAsync(silos: 3);
        await using var _cluster = cluster;
        var paused = cluster.Silos[0];
        TestCluster.PauseSilo(paused);

        await Eventually.TrueAsync(
            async () => MembershipView.From(await cluster.Providers.MembershipTable.ReadAllAsync(CancellationToken.None)).IsDead(paused.Address),
            Patience,
            "the paused silo is voted Dead by probe timeouts");

        TestCluster.ResumeSilo(paused);
        await Eventually.WithinAsync(paused.Stopped, Patience, "the resumed silo to read itself Dead and stop");
        Assert.Equal(SiloStatus.Dead, MembershipView.From(await cluster.Providers.MembershipTable.ReadAllAsync(CancellationToken.None)).StatusOf(paused.Address));
    }

    [Fact]
    public async Task Graceful_stop_keeps_a_busy_activation_running_until_it_finishes_and_places_nothing_new_there()
    {
        var (cluster, events) = await ClusterFactory.DeployAsync(silos: 2);
        await using var _cluster = cluster;
        var grain = cluster.Client.GetGrain<ICounterGrain>("call-in-progress");
        await grain.StartWork();
        var before = await grain.Where();
        var leaving = cluster.Silos.Single(s => s.Address.ToString() == before.Silo);

        var stopping = cluster.StopSiloAsync(leaving);
        await Eventually.TrueAsync(() => leaving.Status == SiloStatus.ShuttingDown, Patience, "the silo is ShuttingDown");
        await cluster.WaitForLivenessToStabilizeAsync(Patience);

        // The busy activation keeps serving on the leaving silo...
        Assert.Equal(1, await grain.Increment());
        Assert.Equal(before.ActivationId, (await grain.Where()).ActivationId);
        Assert.False(stopping.IsCompleted);

        // ...while new grains go only to the Active silo.
        for (var i = 0; i < 10; i++)
        {
            Assert.NotEqual(leaving.Address.ToString(), (await cluster.Client.GetGrain<ICounterGrain>($"new{i}").Where()).Silo);
        }

        Assert.Equal(0, events.Count("deactivate call-in-progress"));
        await grain.Finish();
        await stopping.WaitAsync(Patience);
        await events.WhenRecorded($"deactivate call-in-progress {before.ActivationId} {DeactivationReasonCode.ShuttingDown}").WaitAsync(Patience);

        // The grain lives on elsewhere with its state.
        Assert.Equal(2, await grain.Increment());
        Assert.NotEqual(before.Silo, (await grain.Where()).Silo);
    }

    [Fact]
    public async Task Graceful_stop_gives_up_on_a_busy_activation_after_the_grace()
    {
        var (cluster, events) = await ClusterFactory.DeployAsync(silos: 2, o => o.ShutdownGrace = TimeSpan.FromMilliseconds(300));
        await using var _cluster = cluster;
        var grain = cluster.Client.GetGrain<ICounterGrain>("stuck");
        await grain.StartWork();
        var before = await grain.Where();
        var leaving = cluster.Silos.Single(s => s.Address.ToString() == before.Silo);

        await cluster.StopSiloAsync(leaving).WaitAsync(Patience);
        Assert.Equal(1, events.Count($"deactivate stuck {before.ActivationId} {DeactivationReasonCode.ShuttingDown}"));
    }
}
