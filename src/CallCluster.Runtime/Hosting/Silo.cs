using System.Net;
using System.Net.Sockets;
using CallCluster.Runtime.Activation;
using CallCluster.Runtime.Directory;
using CallCluster.Runtime.Invocation;
using CallCluster.Runtime.Membership;
using CallCluster.Runtime.Messaging;
using CallCluster.Runtime.Persistence;
using CallCluster.Runtime.Placement;
using CallCluster.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCluster.Runtime.Hosting;

/// <summary>
/// A silo: hosts activations, listens on TCP for silos and clients, takes part in membership. Start it with
/// <see cref="StartAsync"/>; leave gracefully with <see cref="StopAsync"/> (ShuttingDown, busy activations
/// finish within the grace, then Dead); <see cref="Kill"/> drops everything at once, like kill -9.
/// </summary>
public sealed partial class Silo : IAsyncDisposable, IFrameHandler
{
    /// <summary>How long a graceful stop waits for OnDeactivateAsync calls after the grace: a bound, not a knob.</summary>
    private static readonly TimeSpan DeactivationTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a graceful stop waits for queued frames to leave before closing the sockets: a bound, not a knob.</summary>
    private static readonly TimeSpan CloseDrainTimeout = TimeSpan.FromSeconds(1);

    private static long _lastGeneration;

    private readonly SiloOptions _options;
    private readonly SiloProviders _providers;
    private readonly GrainClassRegistry _grainClasses;
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly HashSet<Connection> _inbound = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PendingCalls _pending = new();
    private readonly List<Task> _loops = [];
    private Socket? _listener;
    private ITimer? _collector;
    private OutboundConnections? _connections;
    private Catalog? _catalog;
    private MembershipAgent? _membership;
    private MessageRouter? _router;
    private PlacementDirector? _placement;
    private FrameStreamHub? _streams;
    private volatile bool _paused;
    private int _killed;

    public Silo(
        SiloOptions options,
        SiloProviders providers,
        GrainClassRegistry grainClasses,
        IServiceProvider? services = null,
        ILoggerFactory? loggerFactory = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _providers = providers ?? throw new ArgumentNullException(nameof(providers));
        _grainClasses = grainClasses ?? throw new ArgumentNullException(nameof(grainClasses));
        _services = services ?? new ServiceCollection().BuildServiceProvider();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<Silo>();
        GrainFactory = new GrainFactory(new SiloCallInvoker(() => Router, options.ResponseTimeout));
    }

    /// <summary>This silo's address; known once <see cref="StartAsync"/> has bound the listening port.</summary>
    public SiloAddress Address { get; private set; }

    /// <summary>This silo's own status as it last read it from the membership table.</summary>
    public SiloStatus Status => _membership?.View.StatusOf(Address) ?? SiloStatus.None;

    /// <summary>References to grains, for code running on this silo (calls to local grains do not touch a socket).</summary>
    public IGrainFactory GrainFactory { get; }

    /// <summary>How many activations this silo hosts now.</summary>
    public int ActivationCount => _catalog?.Count ?? 0;

    /// <summary>This silo's latest reading of the membership table.</summary>
    public MembershipView MembershipView => _membership?.View ?? MembershipView.Empty;

    /// <summary>Completes when the silo has stopped, for whatever reason (stopped, killed, or it read itself Dead).</summary>
    public Task Stopped => _stopped.Task;

    private MessageRouter Router => _router ?? throw NotStarted();

    private bool AcceptsNewActivations => !_stopping.IsCancellationRequested && Status == SiloStatus.Active;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Parse(_options.Host), _options.Port));
        listener.Listen(512);
        _listener = listener;
        Address = new SiloAddress(_options.Host, ((IPEndPoint)listener.LocalEndPoint!).Port, NextGeneration());

        var time = _providers.TimeProvider;
        _connections = new OutboundConnections(Address, this, _options.Membership.ConnectTimeout, _logger);
        _catalog = new Catalog(
            Address,
            time,
            GrainFactory,
            _providers.GrainDirectory,
            _grainClasses,
            _services,
            StorageByName,
            () => MembershipView.DeadSilos,
            call => Router.Route(call),
            _logger);
        _membership = new MembershipAgent(
            Address,
            _providers.MembershipTable,
            _providers.GrainDirectory,
            _options.Membership,
            time,
            _connections,
            AnnounceMembershipChangeAsync,
            OnSelfDead,
            _logger);
        var directoryCache = new GrainDirectoryCache(_providers.GrainDirectory, Address, _options.DirectoryCacheSize);
        _membership.ViewChanged += (_, e) => directoryCache.InvalidateSilos(e.NewlyDead);
        _placement = new PlacementDirector(_options.PlacementCpuWeight);
        _router = new MessageRouter(
            Address, _options, _catalog, directoryCache, _membership, _placement, _connections, _pending,
            () => AcceptsNewActivations, TimeProvider.System, _logger);

        _streams = new FrameStreamHub(_catalog, _options.FrameStreamWindow);
        _loops.Add(Task.Run(AcceptLoopAsync, CancellationToken.None));
        await _membership.JoinAsync(cancellationToken);
        // A periodic timer rather than a delay loop: under a manual clock every quantum that passes fires.
        _collector = time.CreateTimer(static state => ((Silo)state!).CollectIdle(), this, _options.CollectionQuantum, _options.CollectionQuantum);
        _loops.Add(Task.Run(LeaseRenewalLoopAsync, CancellationToken.None));
        _logger.LogInformation("Silo {Silo} is Active.", Address);
    }

    /// <summary>
    /// Graceful shutdown: ShuttingDown (no new activations here), wait until no activation is live (busy, kept
    /// alive with DelayDeactivation, or with an open frame stream) or the grace passes, then deactivate everything:
    /// queued calls move to other silos, and streams still open close as "migrating" so their clients re-open them
    /// on the grain's next activation (<see cref="Streams.FrameStreamBrokenException.IsMigrating"/>). Then Dead, then close.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_membership is null || _stopping.IsCancellationRequested || Volatile.Read(ref _killed) == 1)
        {
            return;
        }

        var time = _providers.TimeProvider;
        await _membership.UpdateStatusAsync(SiloStatus.ShuttingDown, cancellationToken);
        var deadline = time.GetUtcNow() + _options.ShutdownGrace;
        while (_catalog!.Activations.Any(a => a.IsLive(time.GetUtcNow())) && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }

        var handedOver = _catalog.Activations.Count(a => a.IsLive(time.GetUtcNow()));
        if (handedOver > 0)
        {
            _logger.LogInformation("Silo {Silo}: the shutdown grace ended with {Count} live activations; handing them over.", Address, handedOver);
        }

        var activations = _catalog.Activations;
        foreach (var activation in activations)
        {
            activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ShuttingDown, "the silo is shutting down"));
        }

        try
        {
            await Task.WhenAll(activations.Select(a => a.Completion)).WaitAsync(DeactivationTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // An OnDeactivateAsync that hangs must not keep the silo from leaving; its lease expires, the epoch fences it.
            _logger.LogWarning("Some activations did not deactivate within {Timeout}; leaving anyway.", DeactivationTimeout);
        }
        await _membership.UpdateStatusAsync(SiloStatus.Dead, cancellationToken);
        await _stopping.CancelAsync();
        await _membership.StopAsync(abrupt: false);
        await DrainTransportAsync();
        CloseTransport();
        await Task.WhenAll(_loops);
        _logger.LogInformation("Silo {Silo} stopped.", Address);
        _stopped.TrySetResult();
    }

    /// <summary>Abrupt end, as kill -9: sockets dropped, activations gone, nothing written to the cluster store.</summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref _killed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        _ = _membership?.StopAsync(abrupt: true);
        CloseTransport();
        _catalog?.KillAll();
        _logger.LogWarning("Silo {Silo} was killed.", Address);
        _stopped.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        if (_membership is not null)
        {
            await _membership.DisposeAsync();
        }

        _stopping.Dispose();
    }

    /// <summary>Simulates SIGSTOP: the process and its sockets stay, but nothing is read, answered or written.</summary>
    internal void Pause()
    {
        _paused = true;
        _membership!.Paused = true;
    }

    /// <summary>Simulates SIGCONT: the silo reads the table and, if it was declared Dead meanwhile, stops for good.</summary>
    internal void Resume()
    {
        _paused = false;
        _membership!.Paused = false;
    }

    private static long NextGeneration()
    {
        while (true)
        {
            var last = Volatile.Read(ref _lastGeneration);
            var next = Math.Max(DateTimeOffset.UtcNow.UtcTicks, last + 1);
            if (Interlocked.CompareExchange(ref _lastGeneration, next, last) == last)
            {
                return next;
            }
        }
    }

    private static InvalidOperationException NotStarted() => new("The silo has not been started.");

    private IGrainStorage StorageByName(string name) =>
        _providers.GrainStorage.TryGetValue(name, out var storage)
            ? storage
            : throw new InvalidOperationException($"No grain storage named '{name}' is configured on this silo.");

    private void OnSelfDead()
    {
        // A silo the cluster declared Dead must never serve again: it stops as if killed.
        _ = Task.Run(Kill);
    }

    private void CollectIdle()
    {
        if (!_stopping.IsCancellationRequested)
        {
            _catalog?.CollectIdle(_options.CollectionAge);
        }
    }

    /// <summary>Lets the last frames out (streams' "migrating" closes, final responses) before the sockets close.</summary>
    private Task DrainTransportAsync()
    {
        List<Connection> inbound;
        lock (_gate)
        {
            inbound = [.. _inbound];
        }

        return Task.WhenAll(inbound.Select(c => c.DrainAsync(CloseDrainTimeout)).Append(_connections!.DrainAllAsync(CloseDrainTimeout)));
    }

    private void CloseTransport()
    {
        _collector?.Dispose();
        _listener?.Close();
        _connections?.AbortAll();
        List<Connection> inbound;
        lock (_gate)
        {
            inbound = [.. _inbound];
            _inbound.Clear();
        }

        foreach (var connection in inbound)
        {
            connection.Abort();
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var connection = new Connection(socket, this, _logger);
            lock (_gate)
            {
                _inbound.Add(connection);
            }

            connection.Start();
        }
    }

    private async Task LeaseRenewalLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.DirectoryLeaseRenewalPeriod, _providers.TimeProvider, _stopping.Token);
                if (!_paused)
                {
                    await _providers.GrainDirectory.RenewLeasesAsync(Address, _options.DirectoryLeaseDuration, _stopping.Token);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
#pragma warning disable CA1031 // The next renewal retries; the lease has slack for several misses.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _logger.LogWarning(e, "Renewing directory leases failed.");
            }
        }
    }

    private async Task AnnounceMembershipChangeAsync()
    {
        var targets = new List<Task>();
        foreach (var (silo, entry) in MembershipView.Entries)
        {
            if (silo != Address && entry.Status is SiloStatus.Active or SiloStatus.ShuttingDown or SiloStatus.Joining)
            {
                targets.Add(NotifyAsync(silo));
            }
        }

        List<Connection> clients;
        lock (_gate)
        {
            clients = [.. _inbound.Where(c => c.IsClient)];
        }

        foreach (var client in clients)
        {
            targets.Add(SendQuietlyAsync(client, FrameType.MembershipChanged, []));
        }

        await Task.WhenAll(targets);

        async Task NotifyAsync(SiloAddress silo)
        {
            try
            {
                var connection = await _connections!.GetAsync(silo);
                await SendQuietlyAsync(connection, FrameType.MembershipChanged, []);
            }
            catch (SiloUnavailableException)
            {
                // It will read the table at its next refresh, or it is dead.
            }
        }
    }

    private static async Task SendQuietlyAsync(Connection connection, FrameType type, byte[] payload)
    {
        try
        {
            await connection.SendAsync(type, payload);
        }
        catch (SiloUnavailableException)
        {
            // The peer is gone; its side learns from the closed connection.
        }
    }
}
