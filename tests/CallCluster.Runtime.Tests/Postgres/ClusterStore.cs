using CallCluster.Runtime.Postgres;
using CallCluster.Runtime.Postgres.Migrations;
using CallCluster.Testing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallCluster.Runtime.Tests.Postgres;

/// <summary>
/// A migrated cluster store on a test class's database, under a cluster id of its own, so the tests of
/// one class share a database without seeing each other's rows. Each instance is one "silo": its own pool.
/// </summary>
internal sealed class ClusterStore : IAsyncDisposable
{
    private ClusterStore(NpgsqlDataSource dataSource, PostgresClusterStoreOptions options)
    {
        DataSource = dataSource;
        Options = options;
    }

    public NpgsqlDataSource DataSource { get; }

    public PostgresClusterStoreOptions Options { get; }

    public static async Task<ClusterStore> OpenAsync(PostgresDatabase database, string? clusterId = null, TimeSpan? leaseDuration = null)
    {
        var options = new PostgresClusterStoreOptions
        {
            ConnectionString = database.ConnectionString,
            ClusterId = clusterId ?? "test-" + Guid.NewGuid().ToString("N")[..12],
            DirectoryLeaseDuration = leaseDuration ?? TimeSpan.FromMinutes(5),
        };
        var dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        await new PostgresMigrator(dataSource, options.CommandTimeout).MigrateAsync(CancellationToken.None);
        return new ClusterStore(dataSource, options);
    }

    public IOptions<PostgresClusterStoreOptions> Wrapped => Microsoft.Extensions.Options.Options.Create(Options);

    /// <summary>The same options under another cluster id: a fresh, empty cluster on the same pool.</summary>
    public IOptions<PostgresClusterStoreOptions> ForCluster(string clusterId) =>
        Microsoft.Extensions.Options.Options.Create(new PostgresClusterStoreOptions
        {
            ConnectionString = Options.ConnectionString,
            ClusterId = clusterId,
            CommandTimeout = Options.CommandTimeout,
            DirectoryLeaseDuration = Options.DirectoryLeaseDuration,
            StateSerializerOptions = Options.StateSerializerOptions,
        });

    public async Task<long> ScalarAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
