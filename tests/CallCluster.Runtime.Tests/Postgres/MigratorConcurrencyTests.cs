using CallCluster.Runtime.Postgres.Migrations;
using CallCluster.Testing;
using Npgsql;

namespace CallCluster.Runtime.Tests.Postgres;

/// <summary>Three silos starting at once against an empty database: every migration runs exactly once.</summary>
[Trait("Category", TestCategories.Postgres)]
public sealed class MigratorConcurrencyTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Three_silos_migrating_at_once_apply_each_migration_once()
    {
        var embedded = Migration.LoadEmbedded();
        var sources = Enumerable.Range(0, 3).Select(_ => NpgsqlDataSource.Create(database.ConnectionString)).ToArray();
        try
        {
            using var start = new ManualResetEventSlim();
            var silos = sources
                .Select(source => Task.Run(async () =>
                {
                    start.Wait(TestContext.Current.CancellationToken);
                    return await new PostgresMigrator(source, TimeSpan.FromSeconds(60)).MigrateAsync(TestContext.Current.CancellationToken);
                }))
                .ToArray();
            start.Set();
            var applied = await Eventually.WithinAsync(Task.WhenAll(silos), TimeSpan.FromSeconds(60), "three concurrent migrations");

            Assert.Equal(embedded.Select(m => m.Version), applied.SelectMany(a => a).Order());
            Assert.Single(applied, a => a.Count > 0);

            await using var count = sources[0].CreateCommand("SELECT count(*) FROM schema_migrations");
            Assert.Equal(embedded.Count, Convert.ToInt32(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture));

            var again = await new PostgresMigrator(sources[1], TimeSpan.FromSeconds(60)).MigrateAsync(TestContext.Current.CancellationToken);
            Assert.Empty(again);
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }
}
