using CallCluster.Runtime.Postgres.Migrations;
using CallCluster.Testing;
using Npgsql;

namespace CallCluster.Runtime.Tests.Postgres;

[Trait("Category", TestCategories.Postgres)]
public sealed class MigratorTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(database.ConnectionString);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    [Fact]
    public void Embedded_migrations_are_found_in_version_order()
    {
        var embedded = Migration.LoadEmbedded();
        Assert.Equal(["0001_membership.sql", "0002_directory.sql", "0003_grain_state.sql"], embedded.Take(3).Select(m => m.Name));
        Assert.Equal(embedded.Select(m => m.Version).Order(), embedded.Select(m => m.Version));
    }

    [Fact]
    public async Task Migrating_twice_applies_nothing_the_second_time()
    {
        await Migrator().MigrateAsync(Token);
        var second = await Migrator().MigrateAsync(Token);

        Assert.Empty(second);
        Assert.Equal(Migration.LoadEmbedded().Count, await CountAsync("SELECT count(*) FROM schema_migrations WHERE version < 9000"));
    }

    [Fact]
    public async Task An_edited_applied_migration_stops_start_up()
    {
        await Migrator().MigrateAsync(Token);
        var edited = Migration.LoadEmbedded()
            .Select(m => m.Version == 2 ? Migration.Create(m.Name, m.Sql + "\n-- edited after release\n") : m);

        var error = await Assert.ThrowsAsync<MigrationChecksumException>(
            () => new PostgresMigrator(_dataSource, edited, TimeSpan.FromSeconds(30)).MigrateAsync(Token));

        Assert.Contains("0002_directory.sql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_endings_do_not_change_a_checksum()
    {
        Assert.Equal(
            Migration.Create("0007_x.sql", "CREATE TABLE a (b int);\nSELECT 1;\n").Checksum,
            Migration.Create("0007_x.sql", "CREATE TABLE a (b int);\r\nSELECT 1;\r\n").Checksum);
    }

    [Theory]
    [InlineData("membership.sql")]
    [InlineData("1_membership.sql")]
    [InlineData("0000_zero.sql")]
    [InlineData("0004_Upper.sql")]
    public void A_badly_named_migration_is_refused(string name)
    {
        Assert.Throws<FormatException>(() => Migration.Create(name, "SELECT 1"));
    }

    [Fact]
    public void Two_migrations_with_one_version_are_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => Migration.Ordered([Migration.Create("0005_a.sql", "SELECT 1"), Migration.Create("0005_b.sql", "SELECT 2")]));
        Assert.Contains("0005_a.sql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_migration_leaves_nothing_behind()
    {
        await Migrator().MigrateAsync(Token);
        var broken = Migration.LoadEmbedded()
            .Append(Migration.Create("9900_broken.sql", "CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;"));

        await Assert.ThrowsAsync<PostgresException>(
            () => new PostgresMigrator(_dataSource, broken, TimeSpan.FromSeconds(30)).MigrateAsync(Token));

        Assert.Equal(0, await CountAsync("SELECT count(*) FROM schema_migrations WHERE version = 9900"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'"));
    }

    [Fact]
    public async Task A_new_migration_numbered_below_an_applied_one_is_refused()
    {
        await Migrator().MigrateAsync(Token);
        var ahead = Migration.LoadEmbedded().Append(Migration.Create("9100_later.sql", "SELECT 1"));
        await new PostgresMigrator(_dataSource, ahead, TimeSpan.FromSeconds(30)).MigrateAsync(Token);
        var gap = ahead.Append(Migration.Create("9050_earlier.sql", "SELECT 1"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new PostgresMigrator(_dataSource, gap, TimeSpan.FromSeconds(30)).MigrateAsync(Token));

        Assert.Contains("9050_earlier.sql", error.Message, StringComparison.Ordinal);
    }

    private PostgresMigrator Migrator() => new(_dataSource, TimeSpan.FromSeconds(30));

    private async Task<long> CountAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Token), System.Globalization.CultureInfo.InvariantCulture);
    }
}
