using System.Collections.Concurrent;
using CallCluster.Runtime.Activation;
using CallCluster.Runtime.Directory;
using CallCluster.Runtime.Invocation;
using CallCluster.Runtime.Membership;
using CallCluster.Runtime.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCluster.Runtime.Hosting;

/// <summary>
/// A client of the cluster (an edge, a test): it reads membership and the grain directory, sends each call
/// straight to the silo hosting the grain (one hop) or to any Active silo for placement, and caches where
/// grains live. When a connection closes, calls waiting on it fail at once and the grains it served are
/// resolved again on their next call.
/// </summary>
public sealed partial class ClusterClient : IClusterClient, IFrameHandler, IGrainCallInvoker
{
    /// <summary>How long closing waits for queued frames (a stream's close, say) to leave: a bound, not a knob.</summary>
    private static readonly TimeSpan CloseDrainTimeout = TimeSpan.FromSeconds(1);

    private readonly ClientOptions _options;
    private readonly IMembershipTable _table;
    private readonly IGrainDirectory _directory;
    private readonly ILogger _logger;
    private readonly GrainFactory _factory;
    private readonly OutboundConnections _connections;
    private readonly PendingCalls _pending = new();
    private readonly ConcurrentDictionary<GrainId, SiloAddress> _locations = new();
    private readonly ConcurrentDictionary<SiloAddress, DateTimeOffset> _unreachable = new();
    private readonly SemaphoreSlim _refreshSignal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Task _refreshLoop = Task.CompletedTask;
    private volatile MembershipView _view = MembershipView.Empty;
    private int _disposed;

    public ClusterClient(ClientOptions options, IMembershipTable membershipTable, IGrainDirectory grainDirectory, ILoggerFactory? loggerFactory = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _table = membershipTable ?? throw new ArgumentNullException(nameof(membershipTable));
        _directory = grainDirectory ?? throw new ArgumentNullException(nameof(grainDirectory));
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ClusterClient>();
        _factory = new GrainFactory(this);
        _connections = new OutboundConnections(self: null, this, options.ConnectTimeout, _logger);
    }

    public bool IsConnected => _view.ActiveSilos.Count > 0 && Volatile.Read(ref _disposed) == 0;

    /// <summary>The client's latest reading of the membership table.</summary>
    public MembershipView MembershipView => _view;

    /// <summary>Reads membership and starts following it. Fails if no silo is Active.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        await RefreshAsync(cancellationToken);
        if (_view.ActiveSilos.Count == 0)
        {
            throw new SiloUnavailableException("The membership table lists no Active silo to connect to.");
        }

        _refreshLoop = Task.Run(RefreshLoopAsync, CancellationToken.None);
    }

    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey => _factory.GetGrain<TGrainInterface>(key);

    /// <summary>Stops following membership and closes the connections, after sending what was queued on them. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _connections.DrainAllAsync(CloseDrainTimeout);
        _connections.AbortAll();
        await _refreshLoop;
        _stop.Dispose();
        _refreshSignal.Dispose();
    }

    async Task<byte[]> IGrainCallInvoker.InvokeAsync(GrainId grainId, GrainInterface grainInterface, GrainMethod method, byte[] arguments)
    {
        var response = await SendCallAsync(grainId, grainInterface.Id, method.Id, arguments, $"{grainInterface.Type.Name}.{method.Method.Name}");
        return response.ResultOrThrow();
    }

    private async Task<CallResponse> SendCallAsync(GrainId grainId, int interfaceId, int methodId, byte[] arguments, string what)
    {
        const int attempts = 4;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var silo = await ResolveAsync(grainId)
                ?? throw new SiloUnavailableException($"No Active silo is reachable for a call to {grainId}.");
            Connection connection;
            try
            {
                connection = await _connections.GetAsync(silo);
            }
            catch (SiloUnavailableException)
            {
                // Nothing was sent: skip this silo for a while and let another one route (and fail over) the call.
                MarkUnreachable(silo, grainId);
                continue;
            }

            var (id, pending) = _pending.Register(connection);
            var request = new RequestMessage(id, grainId, interfaceId, methodId, 0, PlacedHere: false, arguments);
            try
            {
                _pending.Queued(id, connection.SendRequest(request.Serialize()));
            }
            catch (SiloUnavailableException)
            {
                // The connection broke before the request left: it never ran, so it may go elsewhere.
                _pending.Forget(id);
                MarkUnreachable(silo, grainId);
                continue;
            }

            CallResponse response;
            try
            {
                response = await pending.WaitAsync(_options.ResponseTimeout);
            }
            catch (TimeoutException e)
            {
                _pending.Forget(id);
                throw new TimeoutException($"The call {what} to {grainId} timed out after {_options.ResponseTimeout}.", e);
            }

            if (response.Status == CallStatus.NotSent)
            {
                // The connection closed with the request still queued here: it never ran, so it may go elsewhere.
                MarkUnreachable(silo, grainId);
                continue;
            }

            if (response.ServedBy is { } servedBy)
            {
                _locations[grainId] = servedBy;
            }
            else
            {
                _locations.TryRemove(grainId, out _);
            }

            return response;
        }

        throw new SiloUnavailableException($"Could not reach a silo for a call to {grainId} after {attempts} attempts.");
    }

    private void MarkUnreachable(SiloAddress silo, GrainId grainId)
    {
        _unreachable[silo] = DateTimeOffset.UtcNow + _options.UnreachableSiloBackoff;
        _locations.TryRemove(grainId, out _);
    }

    void IFrameHandler.OnFrame(Connection connection, FrameType type, ReadOnlySpan<byte> payload)
    {
        switch (type)
        {
            case FrameType.Response:
                {
                    var (id, response) = ResponseMessage.Parse(payload);
                    _pending.Complete(id, response);
                    break;
                }

            case FrameType.MembershipChanged:
                _refreshSignal.Release();
                break;
            case FrameType.StreamOpened or FrameType.StreamData or FrameType.StreamCredit or FrameType.StreamClose:
                OnStreamFrame(connection, type, payload);
                break;
            default:
                _logger.LogWarning("Closing the connection to {Silo}: unexpected {Type} frame.", connection, type);
                connection.Abort();
                break;
        }
    }

    void IFrameHandler.OnClosed(Connection connection)
    {
        _connections.Remove(connection);
        _pending.FailAll(connection);
        BreakStreams(connection);
        if (connection.RemoteSilo is not { } silo)
        {
            return;
        }

        foreach (var (grain, location) in _locations)
        {
            if (location == silo)
            {
                _locations.TryRemove(new KeyValuePair<GrainId, SiloAddress>(grain, location));
            }
        }

        if (!_stop.IsCancellationRequested)
        {
            _refreshSignal.Release();
        }
    }

    /// <summary>Where to send a call: the cached or registered owner if it is reachable, else any Active silo (it places the grain).</summary>
    private async Task<SiloAddress?> ResolveAsync(GrainId grainId)
    {
        if (_locations.TryGetValue(grainId, out var cached) && IsUsable(cached))
        {
            return cached;
        }

        var address = await _directory.LookupAsync(grainId, _stop.Token);
        if (address is not null && IsUsable(address.Silo))
        {
            _locations[grainId] = address.Silo;
            return address.Silo;
        }

        var gateways = _view.ActiveSilos.Where(IsUsable).ToList();
        return gateways.Count == 0 ? null : gateways[Random.Shared.Next(gateways.Count)];
    }

    private bool IsUsable(SiloAddress silo)
    {
        if (_view.IsDead(silo))
        {
            return false;
        }

        if (_unreachable.TryGetValue(silo, out var until))
        {
            if (until > DateTimeOffset.UtcNow)
            {
                return false;
            }

            _unreachable.TryRemove(silo, out _);
        }

        return true;
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var view = MembershipView.From(await _table.ReadAllAsync(cancellationToken));
        if (view.Version >= _view.Version)
        {
            _view = view;
        }
    }

    private async Task RefreshLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _refreshSignal.WaitAsync(_options.TableRefreshPeriod, _stop.Token);
                await RefreshAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
#pragma warning disable CA1031 // The next refresh retries.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _logger.LogWarning(e, "Membership refresh failed.");
            }
        }
    }
}
