using CallCluster.Load.Runtime.Processes;
using CallCluster.Runtime.Hosting;
using CallCluster.Runtime.Membership;
using CallCluster.Runtime.Postgres;
using CallCluster.Runtime.Postgres.Directory;
using CallCluster.Runtime.Postgres.Membership;
using Npgsql;

namespace CallCluster.Load.Runtime;

/// <summary>
/// The silo processes of one benchmark run on one database, and clients of them. Every process ever
/// started is tracked until disposal, which kills whatever still runs.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private static readonly TimeSpan SiloStartTimeout = TimeSpan.FromSeconds(90);

    private readonly SiloLaunch _launch;
    private readonly string _connectionString;
    private readonly string _clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresMembershipTable _table;
    private readonly PostgresGrainDirectory _directory;
    private readonly List<SiloProcess> _started = [];
    private readonly List<SiloProcess> _live = [];
    private readonly List<ClusterClient> _clients = [];

    public BenchCluster(SiloLaunch launch, string connectionString)
    {
        _launch = launch ?? throw new ArgumentNullException(nameof(launch));
        _connectionString = connectionString;
        _dataSource = NpgsqlDataSource.Create(connectionString);
        var options = Microsoft.Extensions.Options.Options.Create(new PostgresClusterStoreOptions { ConnectionString = connectionString, ClusterId = _clusterId });
        _table = new PostgresMembershipTable(_dataSource, options);
        _directory = new PostgresGrainDirectory(_dataSource, options);
    }

    /// <summary>The silo processes running and not killed by the benchmark.</summary>
    public IReadOnlyList<SiloProcess> Live => [.. _live];

    /// <summary>Starts silo processes (in parallel) until <paramref name="count"/> are live.</summary>
    public async Task EnsureSilosAsync(int count, CancellationToken cancellationToken)
    {
        var starting = Enumerable.Range(0, Math.Max(0, count - _live.Count))
            .Select(_ => SiloProcess.StartAsync(_launch, _connectionString, _clusterId, SiloStartTimeout, cancellationToken))
            .ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        finally
        {
            foreach (var task in starting.Where(t => t.IsCompletedSuccessfully))
            {
                _started.Add(task.Result);
                _live.Add(task.Result);
            }
        }
    }

    /// <summary>The live silo process whose silo has this address.</summary>
    public SiloProcess Owner(string siloAddress) =>
        _live.SingleOrDefault(s => string.Equals(s.Address, siloAddress, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"No live benchmark silo has the address {siloAddress}.");

    /// <summary>The benchmark is done with this silo (killed or frozen): it no longer counts as live.</summary>
    public void Retire(SiloProcess silo) => _live.Remove(silo);

    /// <summary>A connected client that has seen exactly the live silos Active.</summary>
    public async Task<ClusterClient> ConnectClientAsync(ClientOptions options, CancellationToken cancellationToken)
    {
        var client = new ClusterClient(options, _table, _directory);
        _clients.Add(client);
        await client.ConnectAsync(cancellationToken);
        await WaitUntilClientSeesLiveSilosAsync(client, cancellationToken);
        return client;
    }

    /// <summary>Waits until <paramref name="client"/>'s membership view lists the live silos, and only them, as Active.</summary>
    public async Task WaitUntilClientSeesLiveSilosAsync(ClusterClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var deadline = DateTime.UtcNow + SiloStartTimeout;
        while (true)
        {
            var active = client.MembershipView.ActiveSilos.Select(s => s.ToString()).ToHashSet(StringComparer.Ordinal);
            if (active.SetEquals(_live.Select(s => s.Address)))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The client saw Active silos [{string.Join(", ", active)}], expected [{string.Join(", ", _live.Select(s => s.Address))}].");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    /// <summary>The membership table's verdict on a silo (Dead, Active…), read now.</summary>
    public async Task<SiloStatus> StatusInTableAsync(string siloAddress, CancellationToken cancellationToken)
    {
        var view = MembershipView.From(await _table.ReadAllAsync(cancellationToken));
        return view.StatusOf(CallCluster.Runtime.SiloAddress.Parse(siloAddress));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Task.WhenAll(_started.Select(s => s.DisposeAsync().AsTask()));
        await _dataSource.DisposeAsync();
    }
}
