using CallCluster.Runtime.Membership;
using CallCluster.Runtime.TestingHost;
using CallCluster.Runtime.Tests.Cluster.Grains;
using CallCluster.Testing;

namespace CallCluster.Runtime.Tests.Cluster;

/// <summary>A frozen silo's activation, overtaken by a newer one, is fenced by the PostgreSQL epoch check.</summary>
[Trait("Category", TestCategories.Postgres)]
public sealed class StaleActivationTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_frozen_silo_declared_Dead_cannot_write_state_and_stops_itself_when_it_resumes()
    {
        await using var pg = await PostgresCluster.DeployAsync(database, silos: 3);
        var grain = pg.Cluster.Client.GetGrain<IStaleWriterGrain>("ledger");
        await grain.Set(1);
        var before = await grain.Where();
        var frozen = pg.Cluster.Silos.Single(s => s.Address.ToString() == before.Silo);

        // A turn is in flight on the owner when it freezes (SIGSTOP-like: sockets open, nothing read or written).
        var held = grain.HoldThenWrite(99);
        _ = held.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        await pg.Events.WhenRecorded($"holding ledger {before.ActivationId}").WaitAsync(Patience);
        TestCluster.PauseSilo(frozen);
        await Eventually.TrueAsync(async () => (await pg.ReadMembershipAsync()).IsDead(frozen.Address), Patience, "the frozen silo is voted Dead by probe timeouts");

        // Until a live silo has read the verdict it may still forward a call to the frozen owner, and a call whose
        // connection is then dropped fails (it may have run): that race is not what this test is about.
        await Eventually.TrueAsync(
            () => pg.Cluster.Silos.Where(s => s != frozen).All(s => s.MembershipView.IsDead(frozen.Address)),
            Patience,
            "the live silos have read the verdict");

        // The grain moves on: a new activation with a newer epoch loads the last acknowledged write and writes its own.
        var client = await pg.Cluster.CreateClientAsync();
        var moved = client.GetGrain<IStaleWriterGrain>("ledger");
        Assert.Equal(1, await moved.Get().AsTask().WaitAsync(Patience));
        var after = await moved.Where();
        Assert.NotEqual(before.Silo, after.Silo);
        Assert.True(after.Epoch > before.Epoch);
        await moved.Set(2);

        // The frozen activation's turn goes on and writes: the store refuses it on the epoch fence.
        pg.Gate.Open();
        await pg.Events.WhenRecorded($"stale-write ledger {before.ActivationId} ").WaitAsync(Patience);
        var outcome = Assert.Single(pg.Events.Log, e => e.StartsWith($"stale-write ledger {before.ActivationId} ", StringComparison.Ordinal));
        Assert.Contains("refused", outcome, StringComparison.Ordinal);
        Assert.Contains("epoch fence", outcome, StringComparison.Ordinal);
        Assert.Equal(2, await pg.StoredValueAsync("stale-writer/ledger", "ledger"));
        Assert.Equal(2, await moved.Get());

        // Resumed, the silo reads its own death and stops rather than serving again; its row stays Dead.
        TestCluster.ResumeSilo(frozen);
        await Eventually.WithinAsync(frozen.Stopped, Patience, "the resumed silo to read itself Dead and stop");
        Assert.Equal(SiloStatus.Dead, (await pg.ReadMembershipAsync()).StatusOf(frozen.Address));
        Assert.Equal(after.ActivationId, (await moved.Where()).ActivationId);
    }
}
