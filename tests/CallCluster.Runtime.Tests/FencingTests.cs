using CallCluster.Runtime.Directory;
using CallCluster.Runtime.Persistence;
using CallCluster.Runtime.Tests.Grains;

namespace CallCluster.Runtime.Tests;

/// <summary>Single activation is enforced by directory epochs: a stale owner cannot write.</summary>
public sealed class FencingTests
{
    private static readonly SiloAddress SiloA = new("10.0.0.1", 11111, 1);
    private static readonly SiloAddress SiloB = new("10.0.0.2", 11111, 2);
    private static readonly GrainId Grain = new("counter", "fenced");

    [Fact]
    public async Task A_takeover_gets_a_higher_epoch_and_the_old_owner_can_no_longer_write()
    {
        var directory = new InMemoryGrainDirectory();
        var storage = new InMemoryGrainStorage(directory);
        var none = new HashSet<SiloAddress>();

        var a = await directory.RegisterAsync(new GrainAddress(Grain, SiloA, "a", 0), none, CancellationToken.None);
        Assert.Equal(1, a.Epoch);
        var stateA = new IntState();
        await storage.ReadStateAsync("s", Grain, stateA, CancellationToken.None);
        stateA.State = 1;
        await storage.WriteStateAsync("s", Grain, stateA, a.Epoch, CancellationToken.None);

        // While A is live, B loses the race and is told who owns the grain.
        var loser = await directory.RegisterAsync(new GrainAddress(Grain, SiloB, "b", 0), none, CancellationToken.None);
        Assert.Equal(a, loser);

        // A's silo is declared Dead: B takes over with the next epoch and loads A's last write.
        var b = await directory.RegisterAsync(new GrainAddress(Grain, SiloB, "b", 0), new HashSet<SiloAddress> { SiloA }, CancellationToken.None);
        Assert.Equal(("b", 2L), (b.ActivationId, b.Epoch));
        var stateB = new IntState();
        await storage.ReadStateAsync("s", Grain, stateB, CancellationToken.None);
        Assert.Equal(1, stateB.State);

        // A still runs (paused, partitioned) and tries to write with its ETag and old epoch: fenced.
        stateA.State = 99;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", Grain, stateA, a.Epoch, CancellationToken.None));
        stateB.State = 2;
        await storage.WriteStateAsync("s", Grain, stateB, b.Epoch, CancellationToken.None);

        var final = new IntState();
        await storage.ReadStateAsync("s", Grain, final, CancellationToken.None);
        Assert.Equal(2, final.State);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_rejected_even_with_the_current_epoch()
    {
        var directory = new InMemoryGrainDirectory();
        var storage = new InMemoryGrainStorage(directory);
        var owner = await directory.RegisterAsync(new GrainAddress(Grain, SiloA, "a", 0), new HashSet<SiloAddress>(), CancellationToken.None);
        var first = new IntState();
        var second = new IntState();
        await storage.ReadStateAsync("s", Grain, first, CancellationToken.None);
        await storage.ReadStateAsync("s", Grain, second, CancellationToken.None);
        await storage.WriteStateAsync("s", Grain, first, owner.Epoch, CancellationToken.None);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", Grain, second, owner.Epoch, CancellationToken.None));
    }

    [Fact]
    public async Task An_activation_whose_write_is_fenced_deactivates_and_the_next_call_reloads()
    {
        var (cluster, events) = await ClusterFactory.DeployAsync(silos: 1);
        await using var _cluster = cluster;
        var grain = cluster.Client.GetGrain<ICounterGrain>("stale");
        Assert.Equal(1, await grain.Increment());
        var before = await grain.Where();

        // Someone else takes the grain over in the directory (as after a partition): the epoch moves on.
        var directory = (InMemoryGrainDirectory)cluster.Providers.GrainDirectory;
        var silo = cluster.Silos[0].Address;
        await directory.UnregisterSilosAsync([silo], CancellationToken.None);
        var usurper = await directory.RegisterAsync(new GrainAddress(new GrainId("counter", "stale"), silo, "usurper", 0), new HashSet<SiloAddress>(), CancellationToken.None);
        Assert.True(usurper.Epoch > before.Epoch);
        await directory.UnregisterAsync(usurper, CancellationToken.None);

        var error = await Assert.ThrowsAsync<GrainCallException>(() => grain.Increment());
        Assert.Equal(typeof(InconsistentStateException).FullName, error.RemoteExceptionType);
        await events.WhenRecorded($"deactivate stale {before.ActivationId} InconsistentState").WaitAsync(TimeSpan.FromSeconds(30));

        // The next call activates afresh, reloads the last good write, and owns the newest epoch.
        Assert.Equal(2, await grain.Increment());
        var after = await grain.Where();
        Assert.NotEqual(before.ActivationId, after.ActivationId);
        Assert.True(after.Epoch > usurper.Epoch);
    }

    private sealed class IntState : IGrainState<int>
    {
        public int State { get; set; }

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
