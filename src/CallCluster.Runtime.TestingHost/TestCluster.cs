using CallCluster.Runtime.Activation;
using CallCluster.Runtime.Hosting;
using CallCluster.Runtime.Membership;

namespace CallCluster.Runtime.TestingHost;

/// <summary>
/// A cluster in one process (Orleans' TestCluster): real silos talking over loopback TCP, a shared store
/// (in-memory by default), a client, and the operations failure tests need: start, stop gracefully,
/// kill abruptly, restart, pause (SIGSTOP-like), and wait until membership has settled.
/// </summary>
public sealed class TestCluster(TestClusterOptions options) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Silo> _silos = [];
    private readonly List<ClusterClient> _clients = [];
    private readonly HashSet<SiloAddress> _gone = [];
    private ClusterClient? _client;

    public TestClusterOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public SiloProviders Providers { get; } = options.ProvidersFactory();

    /// <summary>The silos started and not yet stopped or killed.</summary>
    public IReadOnlyList<Silo> Silos
    {
        get
        {
            lock (_gate)
            {
                return [.. _silos];
            }
        }
    }

    /// <summary>The default client, connected by <see cref="DeployAsync"/>.</summary>
    public IClusterClient Client => _client ?? throw new InvalidOperationException("Call DeployAsync first.");

    /// <summary>Starts the initial silos and connects the default client.</summary>
    public async Task DeployAsync()
    {
        for (var i = 0; i < Options.InitialSilosCount; i++)
        {
            await StartAdditionalSiloAsync();
        }

        _client = await CreateClientAsync();
    }

    public async Task<Silo> StartAdditionalSiloAsync()
    {
        var siloOptions = new SiloOptions();
        Options.ConfigureSilo(siloOptions);
        var grains = new GrainClassRegistry();
        Options.ConfigureGrains(grains);
        var silo = new Silo(siloOptions, Providers, grains, Options.Services, Options.LoggerFactory);
        await silo.StartAsync();
        lock (_gate)
        {
            _silos.Add(silo);
        }

        return silo;
    }

    /// <summary>Another client of this cluster; disposed with the cluster.</summary>
    public async Task<ClusterClient> CreateClientAsync()
    {
        var clientOptions = new ClientOptions();
        Options.ConfigureClient(clientOptions);
        var client = new ClusterClient(clientOptions, Providers.MembershipTable, Providers.GrainDirectory, Options.LoggerFactory);
        await client.ConnectAsync();
        lock (_gate)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>Graceful stop: ShuttingDown, busy activations finish within the grace, then Dead.</summary>
    public async Task StopSiloAsync(Silo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await silo.StopAsync();
        Forget(silo);
    }

    /// <summary>Abrupt stop, like kill -9: sockets dropped, nothing written; the others must detect it.</summary>
    public Task KillSiloAsync(Silo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Kill();
        Forget(silo);
        return Task.CompletedTask;
    }

    /// <summary>Stops a silo gracefully and starts a new one in its place (a new silo address: a new generation).</summary>
    public async Task<Silo> RestartSiloAsync(Silo silo)
    {
        await StopSiloAsync(silo);
        return await StartAdditionalSiloAsync();
    }

    /// <summary>Like SIGSTOP: the silo's sockets stay open but it reads, answers and writes nothing.</summary>
    public static void PauseSilo(Silo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Pause();
    }

    /// <summary>Like SIGCONT: a silo declared Dead meanwhile reads that and stops for good.</summary>
    public static void ResumeSilo(Silo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Resume();
    }

    /// <summary>
    /// Waits until membership has settled: every running silo is Active (or ShuttingDown, while a graceful
    /// stop is under way) and no other silo is Active, every stopped or killed one is Dead, and every running
    /// silo and client has read that version of the table.
    /// </summary>
    public async Task WaitForLivenessToStabilizeAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        using var cancellation = new CancellationTokenSource(limit);
        while (true)
        {
            var data = await Providers.MembershipTable.ReadAllAsync(CancellationToken.None);
            if (IsStable(MembershipView.From(data)))
            {
                return;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellation.Token);
            }
            catch (OperationCanceledException e)
            {
                throw new TimeoutException($"Membership did not stabilize within {limit}.", e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<ClusterClient> clients;
        List<Silo> silos;
        lock (_gate)
        {
            clients = [.. _clients];
            silos = [.. _silos];
            _clients.Clear();
            _silos.Clear();
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        foreach (var silo in silos)
        {
            await silo.DisposeAsync();
        }
    }

    private bool IsStable(MembershipView table)
    {
        List<Silo> silos;
        List<ClusterClient> clients;
        HashSet<SiloAddress> gone;
        lock (_gate)
        {
            silos = [.. _silos];
            clients = [.. _clients];
            gone = [.. _gone];
        }

        var running = silos.Select(s => s.Address).ToHashSet();
        return table.ActiveSilos.All(running.Contains)
            && running.All(s => table.StatusOf(s) is SiloStatus.Active or SiloStatus.ShuttingDown)
            && gone.All(table.IsDead)
            && silos.All(s => s.MembershipView.Version == table.Version)
            && clients.All(c => c.MembershipView.Version == table.Version);
    }

    private void Forget(Silo silo)
    {
        lock (_gate)
        {
            _silos.Remove(silo);
            _gone.Add(silo.Address);
        }
    }
}
