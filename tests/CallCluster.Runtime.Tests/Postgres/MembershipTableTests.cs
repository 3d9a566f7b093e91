using CallCluster.Runtime.Membership;
using CallCluster.Runtime.Postgres.Membership;
using CallCluster.Testing;

namespace CallCluster.Runtime.Tests.Postgres;

[Trait("Category", TestCategories.Postgres)]
public sealed class MembershipTableTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncDisposable
{
    // PostgreSQL keeps microseconds; test times are whole seconds so round trips compare exactly.
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    private readonly List<ClusterStore> _stores = [];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_new_table_has_version_zero_and_no_rows_and_initialize_is_idempotent()
    {
        var table = await NewTableAsync(initialize: false);

        await table.InitializeAsync(Token);
        await table.InitializeAsync(Token);
        var data = await table.ReadAllAsync(Token);

        Assert.Empty(data.Rows);
        Assert.Equal(new TableVersion(0, "0"), data.Version);
    }

    [Fact]
    public async Task Reading_before_initialize_says_so()
    {
        var table = await NewTableAsync(initialize: false);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => table.ReadAllAsync(Token));
        Assert.Contains("not initialized", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_inserted_row_reads_back_whole_with_the_version_moved_on()
    {
        var table = await NewTableAsync();
        var silo = Silo(1);
        var entry = MembershipEntry.Joining(silo, "host-1", T0) with
        {
            Suspicions = [new SuspicionVote(Silo(2), T0.AddTicks(1234567))],
        };

        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Token)).Version.Next(), Token));
        var data = await table.ReadRowAsync(silo, Token);

        var row = Assert.Single(data.Rows);
        Assert.Equal(entry.Silo, row.Entry.Silo);
        Assert.Equal(entry.Status, row.Entry.Status);
        Assert.Equal(entry.HostName, row.Entry.HostName);
        Assert.Equal(entry.StartTime, row.Entry.StartTime);
        Assert.Equal(entry.IAmAliveTime, row.Entry.IAmAliveTime);
        Assert.Equal(entry.Suspicions, row.Entry.Suspicions);
        Assert.Equal(1, data.Version.Version);
    }

    [Fact]
    public async Task Inserting_a_silo_twice_returns_false_and_leaves_the_version()
    {
        var table = await NewTableAsync();
        var entry = MembershipEntry.Joining(Silo(1), "host-1", T0);
        Assert.True(await table.InsertRowAsync(entry, new TableVersion(1, "0"), Token));

        Assert.False(await table.InsertRowAsync(entry, new TableVersion(2, "1"), Token));
        Assert.Equal(1, (await table.ReadAllAsync(Token)).Version.Version);
    }

    [Fact]
    public async Task Concurrent_inserts_at_one_version_have_exactly_one_winner_and_the_loser_retries()
    {
        var table = await NewTableAsync();
        for (var round = 0; round < 10; round++)
        {
            var version = (await table.ReadAllAsync(Token)).Version;
            var a = MembershipEntry.Joining(Silo(100 + round), "a", T0);
            var b = MembershipEntry.Joining(Silo(200 + round), "b", T0);
            using var start = new ManualResetEventSlim();
            var racers = new[] { a, b }
                .Select(entry => Task.Run(async () =>
                {
                    start.Wait(Token);
                    return await table.InsertRowAsync(entry, version.Next(), Token);
                }))
                .ToArray();
            start.Set();
            var outcomes = await Eventually.WithinAsync(Task.WhenAll(racers), TimeSpan.FromSeconds(30), "two racing inserts");

            Assert.Single(outcomes, won => won);
            var loser = outcomes[0] ? b : a;
            var reread = await table.ReadAllAsync(Token);
            Assert.Equal(version.Version + 1, reread.Version.Version);
            Assert.DoesNotContain(reread.Rows, r => r.Entry.Silo == loser.Silo);

            Assert.True(await table.InsertRowAsync(loser, reread.Version.Next(), Token));
            Assert.Contains((await table.ReadAllAsync(Token)).Rows, r => r.Entry.Silo == loser.Silo);
        }

        Assert.Equal(20, (await table.ReadAllAsync(Token)).Version.Version);
    }

    [Fact]
    public async Task An_update_moves_the_row_etag_and_the_version()
    {
        var table = await NewTableAsync();
        var silo = Silo(1);
        Assert.True(await table.InsertRowAsync(MembershipEntry.Joining(silo, "h", T0), new TableVersion(1, "0"), Token));
        var before = await table.ReadRowAsync(silo, Token);
        var row = Assert.Single(before.Rows);
        var active = row.Entry with { Status = SiloStatus.Active, Suspicions = [new SuspicionVote(Silo(3), T0)] };

        Assert.True(await table.UpdateRowAsync(active, row.ETag, before.Version.Next(), Token));

        var after = await table.ReadRowAsync(silo, Token);
        var updated = Assert.Single(after.Rows);
        Assert.Equal(SiloStatus.Active, updated.Entry.Status);
        Assert.Equal(active.Suspicions, updated.Entry.Suspicions);
        Assert.NotEqual(row.ETag, updated.ETag);
        Assert.Equal(before.Version.Version + 1, after.Version.Version);
    }

    [Fact]
    public async Task An_update_with_a_stale_row_etag_returns_false_and_changes_nothing()
    {
        var table = await NewTableAsync();
        var silo = Silo(1);
        Assert.True(await table.InsertRowAsync(MembershipEntry.Joining(silo, "h", T0), new TableVersion(1, "0"), Token));
        var first = await table.ReadRowAsync(silo, Token);
        var staleETag = first.Rows[0].ETag;
        Assert.True(await table.UpdateRowAsync(first.Rows[0].Entry with { Status = SiloStatus.Active }, staleETag, first.Version.Next(), Token));
        var current = await table.ReadRowAsync(silo, Token);

        // The version is current, the row ETag is not: the whole transaction must roll back.
        Assert.False(await table.UpdateRowAsync(current.Rows[0].Entry with { Status = SiloStatus.Dead }, staleETag, current.Version.Next(), Token));

        var after = await table.ReadRowAsync(silo, Token);
        Assert.Equal(SiloStatus.Active, after.Rows[0].Entry.Status);
        Assert.Equal(current.Version, after.Version);
    }

    [Fact]
    public async Task An_update_with_a_stale_version_returns_false()
    {
        var table = await NewTableAsync();
        var silo = Silo(1);
        Assert.True(await table.InsertRowAsync(MembershipEntry.Joining(silo, "h", T0), new TableVersion(1, "0"), Token));
        Assert.True(await table.InsertRowAsync(MembershipEntry.Joining(Silo(2), "h", T0), new TableVersion(2, "1"), Token));
        var row = (await table.ReadRowAsync(silo, Token)).Rows[0];

        Assert.False(await table.UpdateRowAsync(row.Entry with { Status = SiloStatus.Active }, row.ETag, new TableVersion(2, "1"), Token));
        Assert.Equal(SiloStatus.Joining, (await table.ReadRowAsync(silo, Token)).Rows[0].Entry.Status);
    }

    [Fact]
    public async Task IAmAlive_moves_only_the_heartbeat_time()
    {
        var table = await NewTableAsync();
        var silo = Silo(1);
        Assert.True(await table.InsertRowAsync(MembershipEntry.Joining(silo, "h", T0), new TableVersion(1, "0"), Token));
        var before = await table.ReadRowAsync(silo, Token);

        await table.UpdateIAmAliveAsync(silo, T0.AddMinutes(5), Token);

        var after = await table.ReadRowAsync(silo, Token);
        Assert.Equal(T0.AddMinutes(5), after.Rows[0].Entry.IAmAliveTime);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Rows[0].ETag, after.Rows[0].ETag);
    }

    [Fact]
    public async Task Cleanup_deletes_only_dead_rows_older_than_the_cutoff()
    {
        var table = await NewTableAsync();
        var deadOld = Entry(Silo(1), SiloStatus.Dead, T0.AddHours(-2));
        var deadRecent = Entry(Silo(2), SiloStatus.Dead, T0);
        var activeOld = Entry(Silo(3), SiloStatus.Active, T0.AddHours(-2));
        var version = 0;
        foreach (var entry in new[] { deadOld, deadRecent, activeOld })
        {
            Assert.True(await table.InsertRowAsync(entry, new TableVersion(version + 1, version.ToString(System.Globalization.CultureInfo.InvariantCulture)), Token));
            version++;
        }

        await table.CleanupDefunctSiloEntriesAsync(T0.AddHours(-1), Token);

        var left = (await table.ReadAllAsync(Token)).Rows.Select(r => r.Entry.Silo).ToHashSet();
        Assert.Equal([deadRecent.Silo, activeOld.Silo], left);
    }

    [Fact]
    public async Task Clusters_sharing_a_database_do_not_see_each_other()
    {
        var one = await NewTableAsync();
        var two = await NewTableAsync();
        Assert.True(await one.InsertRowAsync(MembershipEntry.Joining(Silo(1), "h", T0), new TableVersion(1, "0"), Token));

        var other = await two.ReadAllAsync(Token);
        Assert.Empty(other.Rows);
        Assert.Equal(0, other.Version.Version);
    }

    private static SiloAddress Silo(int n) => new("10.0.0." + n, 11111, 1_000 + n);

    private static MembershipEntry Entry(SiloAddress silo, SiloStatus status, DateTimeOffset iAmAlive) =>
        new(silo, status, "h", iAmAlive, iAmAlive, []);

    private async Task<PostgresMembershipTable> NewTableAsync(bool initialize = true)
    {
        var store = await ClusterStore.OpenAsync(database);
        _stores.Add(store);
        var table = new PostgresMembershipTable(store.DataSource, store.Wrapped);
        if (initialize)
        {
            await table.InitializeAsync(Token);
        }

        return table;
    }
}
