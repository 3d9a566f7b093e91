using CallCluster.Runtime.Hosting;
using CallCluster.Runtime.Membership;
using CallCluster.Runtime.Persistence;
using CallCluster.Runtime.Postgres;
using CallCluster.Runtime.Postgres.Directory;
using CallCluster.Runtime.Postgres.Membership;
using CallCluster.Runtime.Postgres.Migrations;
using CallCluster.Runtime.Postgres.Persistence;
using CallCluster.Runtime.TestingHost;
using CallCluster.Runtime.Tests.Cluster.Grains;
using CallCluster.Runtime.Tests.Grains;
using CallCluster.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CallCluster.Runtime.Tests.Cluster;

/// <summary>
/// A <see cref="TestCluster"/> whose membership table, grain directory and grain storage are the PostgreSQL
/// providers on a test class's database, under a cluster id of its own (tests of one class share the database).
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresCluster(TestCluster cluster, GrainEvents events, WriteGate gate, NpgsqlDataSource dataSource, string clusterId)
    {
        Cluster = cluster;
        Events = events;
        Gate = gate;
        _dataSource = dataSource;
        ClusterId = clusterId;
    }

    public TestCluster Cluster { get; }

    public GrainEvents Events { get; }

    public WriteGate Gate { get; }

    public string ClusterId { get; }

    public static async Task<PostgresCluster> DeployAsync(PostgresDatabase database, int silos, Action<SiloOptions>? configure = null)
    {
        var store = new PostgresClusterStoreOptions
        {
            ConnectionString = database.ConnectionString,
            ClusterId = "cluster-" + Guid.NewGuid().ToString("N")[..12],
        };
        var dataSource = NpgsqlDataSource.Create(store.ConnectionString);
        await new PostgresMigrator(dataSource, store.CommandTimeout).MigrateAsync(CancellationToken.None);
        var options = Microsoft.Extensions.Options.Options.Create(store);
        var events = new GrainEvents();
        var gate = new WriteGate();
        var services = new ServiceCollection().AddSingleton(events).AddSingleton(gate).BuildServiceProvider();
        var cluster = new TestCluster(new TestClusterOptions
        {
            InitialSilosCount = silos,
            ConfigureGrains = grains => grains.Add<ICounterGrain, CounterGrain>().Add<IStaleWriterGrain, StaleWriterGrain>(),
            ConfigureSilo = configure ?? (_ => { }),
            ProvidersFactory = () => new SiloProviders(
                new PostgresMembershipTable(dataSource, options),
                new PostgresGrainDirectory(dataSource, options),
                new Dictionary<string, IGrainStorage>(StringComparer.Ordinal) { [PersistentStateAttribute.DefaultStorage] = new PostgresGrainStorage(dataSource, options) }),
            Services = services,
        });
        await cluster.DeployAsync();
        return new PostgresCluster(cluster, events, gate, dataSource, store.ClusterId);
    }

    /// <summary>The membership table as the database holds it now.</summary>
    public async Task<MembershipView> ReadMembershipAsync() =>
        MembershipView.From(await Cluster.Providers.MembershipTable.ReadAllAsync(CancellationToken.None));

    /// <summary>Runs a scalar query; <c>@cluster</c> is this cluster's id.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("cluster", ClusterId);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The value a counter-shaped state holds in grain_state now, read with SQL rather than through a grain.</summary>
    public Task<int> StoredValueAsync(string grainId, string stateName) =>
        ScalarAsync<int>(
            "SELECT (state->>'value')::int FROM grain_state WHERE cluster_id = @cluster AND grain_id = @grain AND state_name = @name",
            ("grain", grainId),
            ("name", stateName));

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
