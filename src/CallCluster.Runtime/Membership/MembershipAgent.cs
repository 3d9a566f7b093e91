using System.Collections.Concurrent;
using System.Net.Sockets;
using CallCluster.Runtime.Directory;
using CallCluster.Runtime.Messaging;
using Microsoft.Extensions.Logging;

namespace CallCluster.Runtime.Membership;

/// <summary>
/// A silo's part in membership (Orleans' MembershipAgent + cluster health monitor): it writes its own
/// status (Joining → Active → ShuttingDown → Dead) by compare-and-swap on the version row, heartbeats
/// IAmAlive, probes its peers over the transport, votes a peer Dead after missed probes, and stops its own
/// silo if it ever reads itself Dead. A lost connection triggers an immediate probe.
/// </summary>
internal sealed class MembershipAgent : IAsyncDisposable
{
    private const int CasAttempts = 20;

    private readonly SiloAddress _self;
    private readonly IMembershipTable _table;
    private readonly IGrainDirectory _directory;
    private readonly MembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly OutboundConnections _connections;
    private readonly ILogger _logger;
    private readonly Func<Task> _announceChange;
    private readonly Action _onSelfDead;
    private readonly ConcurrentDictionary<long, PendingProbe> _probes = new();
    private readonly ConcurrentDictionary<SiloAddress, int> _missedProbes = new();
    private readonly ConcurrentDictionary<SiloAddress, byte> _probing = new();
    private readonly ConcurrentDictionary<SiloAddress, byte> _probeAgain = new();
    private readonly ConcurrentDictionary<SiloAddress, SiloLoad> _loads = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _refreshSignal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private long _nextProbeId;
    private volatile MembershipView _view = MembershipView.Empty;
    private volatile bool _paused;
    private volatile bool _leaving;

    public MembershipAgent(
        SiloAddress self,
        IMembershipTable table,
        IGrainDirectory directory,
        MembershipOptions options,
        TimeProvider time,
        OutboundConnections connections,
        Func<Task> announceChange,
        Action onSelfDead,
        ILogger logger)
    {
        _self = self;
        _table = table;
        _directory = directory;
        _options = options;
        _time = time;
        _connections = connections;
        _announceChange = announceChange;
        _onSelfDead = onSelfDead;
        _logger = logger;
    }

    /// <summary>Raised after the view changes, with the silos newly seen Dead.</summary>
    public event EventHandler<MembershipChangedEventArgs>? ViewChanged;

    public MembershipView View => _view;

    /// <summary>Latest loads reported by peers in probe replies.</summary>
    public IReadOnlyDictionary<SiloAddress, SiloLoad> Loads => _loads;

    /// <summary>Inserts this silo as Joining, then marks it Active, and starts heartbeats, refreshes and probes.</summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        await _table.InitializeAsync(cancellationToken);
        var entry = MembershipEntry.Joining(_self, Environment.MachineName, _time.GetUtcNow());
        await CasAsync(
            async data => await _table.InsertRowAsync(entry, data.Version.Next(), cancellationToken),
            "insert the Joining row",
            cancellationToken);
        await UpdateStatusAsync(SiloStatus.Active, cancellationToken);
        _loops.Add(Task.Run(() => HeartbeatLoopAsync(_stop.Token), CancellationToken.None));
        _loops.Add(Task.Run(() => RefreshLoopAsync(_stop.Token), CancellationToken.None));
        _loops.Add(Task.Run(() => ProbeLoopAsync(_stop.Token), CancellationToken.None));
    }

    /// <summary>Writes this silo's new status, retrying the compare-and-swap until it lands.</summary>
    public async Task UpdateStatusAsync(SiloStatus status, CancellationToken cancellationToken)
    {
        if (status == SiloStatus.Dead)
        {
            // From here on, reading ourselves Dead is the graceful stop's own doing, not a verdict to obey.
            _leaving = true;
        }

        await CasAsync(
            async data =>
            {
                var row = data.Rows.FirstOrDefault(r => r.Entry.Silo == _self)
                    ?? throw new InvalidOperationException($"Silo {_self} has no row in the membership table.");
                if (row.Entry.Status == SiloStatus.Dead)
                {
                    if (status == SiloStatus.Dead)
                    {
                        // Leaving, and someone already wrote the verdict: the table says what we meant to.
                        return true;
                    }

                    _onSelfDead();
                    throw new InvalidOperationException($"Silo {_self} was declared Dead; it cannot become {status}.");
                }

                return await _table.UpdateRowAsync(row.Entry with { Status = status, IAmAliveTime = _time.GetUtcNow() }, row.ETag, data.Version.Next(), cancellationToken);
            },
            $"set status {status}",
            cancellationToken);
        await _announceChange();
    }

    /// <summary>Stops the loops; with <paramref name="abrupt"/> nothing more is written (a killed silo).</summary>
    public async Task StopAsync(bool abrupt)
    {
        await _stop.CancelAsync();
        if (!abrupt)
        {
            await Task.WhenAll(_loops);
        }
    }

    /// <summary>Simulates a stopped process (SIGSTOP): no heartbeats, probes, or probe replies until resumed.</summary>
    public bool Paused
    {
        get => _paused;
        set
        {
            _paused = value;
            if (!value)
            {
                RefreshNow();
            }
        }
    }

    public void RefreshNow() => _refreshSignal.Release();

    public void OnProbeReply(long id, SiloLoad load)
    {
        if (_probes.TryRemove(id, out var pending))
        {
            pending.Reply.TrySetResult(load);
        }
    }

    /// <summary>
    /// A connection to a peer closed: probes sent on it fail now (their reply can no longer come, and waiting out
    /// the probe timeout made failover bimodal), and the peer is probed again at once rather than at the next interval.
    /// </summary>
    public void OnConnectionLost(Connection connection)
    {
        if (connection.RemoteSilo is not { } silo)
        {
            return;
        }

        foreach (var (id, probe) in _probes)
        {
            if (probe.Connection == connection && _probes.TryRemove(id, out _))
            {
                probe.Reply.TrySetException(new SiloUnavailableException($"The connection to {silo} closed before the probe was answered."));
            }
        }

        ProbeNow(silo);
    }

    private void ProbeNow(SiloAddress silo)
    {
        if (!_stop.IsCancellationRequested && !_view.IsDead(silo))
        {
            // If a probe is under way it re-probes when it ends (see ProbeAsync); this one then returns at once.
            _probeAgain[silo] = 0;
            _ = ProbeAsync(silo, immediateRetry: false, _stop.Token);
        }
    }

    /// <summary>Waits until <paramref name="silo"/> is Dead in the view, or the timeout passes (it answered probes).</summary>
    public async Task<bool> WaitForDeathAsync(SiloAddress silo, TimeSpan timeout)
    {
        if (_view.IsDead(silo))
        {
            return true;
        }

        ProbeNow(silo);
        var dead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, MembershipChangedEventArgs e)
        {
            if (e.View.IsDead(silo))
            {
                dead.TrySetResult();
            }
        }

        ViewChanged += OnChanged;
        try
        {
            if (_view.IsDead(silo))
            {
                return true;
            }

            await dead.Task.WaitAsync(timeout, _time, _stop.Token);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            return false;
        }
        finally
        {
            ViewChanged -= OnChanged;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(abrupt: true);
        _stop.Dispose();
        _writeLock.Dispose();
        _refreshSignal.Dispose();
    }

    /// <summary>Reads the table and applies it to the view; returns the snapshot.</summary>
    public async Task<MembershipTableData> RefreshAsync(CancellationToken cancellationToken)
    {
        var data = await _table.ReadAllAsync(cancellationToken);
        Apply(data);
        return data;
    }

    private void Apply(MembershipTableData data)
    {
        var previous = _view;
        var next = MembershipView.From(data);
        if (next.Version < previous.Version)
        {
            return;
        }

        _view = next;
        if (next.IsDead(_self))
        {
            if (_leaving)
            {
                // A graceful stop wrote this (or a peer's verdict raced it): StopAsync is already closing the silo.
                return;
            }

            _logger.LogError("Silo {Silo} read itself Dead in the membership table; stopping.", _self);
            _onSelfDead();
            return;
        }

        var newlyDead = next.DeadSilos.Where(s => !previous.IsDead(s)).ToList();
        foreach (var dead in newlyDead)
        {
            _connections.Abort(dead);
            _missedProbes.TryRemove(dead, out _);
            _loads.TryRemove(dead, out _);
        }

        if (next.Version != previous.Version)
        {
            ViewChanged?.Invoke(this, new MembershipChangedEventArgs(next, newlyDead));
        }
    }

    /// <summary>Votes against Active peers whose heartbeats stopped: the second failure detector, beside probes.</summary>
    private void SuspectStaleSilos(MembershipTableData data)
    {
        var now = _time.GetUtcNow();
        foreach (var row in data.Rows)
        {
            var entry = row.Entry;
            if (entry.Silo != _self && entry.Status == SiloStatus.Active && now - entry.IAmAliveTime > _options.IAmAliveStaleAfter
                && !entry.Suspicions.Any(v => v.Suspecter == _self && now - v.Time < _options.IAmAliveStaleAfter))
            {
                _logger.LogWarning("Silo {Silo} has not heartbeated since {Time}; voting it dead.", entry.Silo, entry.IAmAliveTime);
                _ = SuspectQuietlyAsync(entry.Silo);
            }
        }
    }

    private async Task SuspectQuietlyAsync(SiloAddress silo)
    {
        try
        {
            await SuspectOrKillAsync(silo, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
#pragma warning disable CA1031 // The next refresh votes again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogWarning(e, "Voting against {Silo} failed.", silo);
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.IAmAlivePeriod, _time, cancellationToken);
                if (!_paused)
                {
                    await _table.UpdateIAmAliveAsync(_self, _time.GetUtcNow(), cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
#pragma warning disable CA1031 // A failed heartbeat is retried at the next period; the store may be briefly away.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _logger.LogWarning(e, "IAmAlive write failed.");
            }
        }
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _refreshSignal.WaitAsync(_options.TableRefreshPeriod, cancellationToken);
                if (!_paused)
                {
                    var data = await RefreshAsync(cancellationToken);
                    SuspectStaleSilos(data);
                }
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

    private async Task ProbeLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.ProbeInterval, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (_paused)
            {
                continue;
            }

            foreach (var (silo, entry) in _view.Entries)
            {
                if (silo != _self && entry.Status is SiloStatus.Active or SiloStatus.ShuttingDown)
                {
                    _ = ProbeAsync(silo, immediateRetry: false, cancellationToken);
                }
            }
        }
    }

    /// <param name="silo">The peer to probe.</param>
    /// <param name="immediateRetry">
    /// Whether this probe is itself the immediate re-probe after a lost connection: it asks for no further one, so a
    /// peer that accepts and drops connections is probed at the normal interval, not in a tight loop.
    /// </param>
    /// <param name="cancellationToken">Stops the probe when the silo stops.</param>
    private async Task ProbeAsync(SiloAddress silo, bool immediateRetry, CancellationToken cancellationToken)
    {
        if (!_probing.TryAdd(silo, 0))
        {
            return;
        }

        _probeAgain.TryRemove(silo, out _);
        try
        {
            var id = Interlocked.Increment(ref _nextProbeId);
            var reply = new TaskCompletionSource<SiloLoad>(TaskCreationOptions.RunContinuationsAsynchronously);
            try
            {
                var connection = await _connections.GetAsync(silo);
                _probes[id] = new PendingProbe(connection, reply);
                await connection.SendAsync(FrameType.Probe, ProbeMessage.SerializeProbe(id));
                var load = await reply.Task.WaitAsync(_options.ProbeTimeout, _time, cancellationToken);
                _missedProbes[silo] = 0;
                _loads[silo] = load;
                return;
            }
            catch (SiloUnavailableException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                _logger.LogInformation("Probe of {Silo}: connection refused; voting it dead.", silo);
                _missedProbes[silo] = _options.MissedProbesLimit;
            }
            catch (Exception e) when (e is SiloUnavailableException or TimeoutException)
            {
                _missedProbes.AddOrUpdate(silo, 1, (_, missed) => missed + 1);
                _logger.LogInformation("Probe of {Silo} missed ({Missed} in a row).", silo, _missedProbes[silo]);
            }
            finally
            {
                _probes.TryRemove(id, out _);
            }

            if (_missedProbes.GetValueOrDefault(silo) >= _options.MissedProbesLimit && !_paused)
            {
                await SuspectOrKillAsync(silo, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
#pragma warning disable CA1031 // A failed vote is retried by the next missed probe.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogWarning(e, "Probing {Silo} failed.", silo);
        }
        finally
        {
            _probing.TryRemove(silo, out _);
        }

        if (_probeAgain.TryRemove(silo, out _) && !immediateRetry && !cancellationToken.IsCancellationRequested && !_view.IsDead(silo))
        {
            _ = ProbeAsync(silo, immediateRetry: true, cancellationToken);
        }
    }

    /// <summary>Adds this silo's vote against <paramref name="silo"/>, declaring it Dead once enough votes are in.</summary>
    private async Task SuspectOrKillAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        var declaredDead = false;
        var selfDead = false;
        await CasAsync(
            async data =>
            {
                // As in Orleans, a voter checks itself first: a silo declared Dead (say, one that was frozen and
                // thawed) has lost contact with the cluster, and its vote could otherwise kill the healthy silo.
                if (data.Rows.FirstOrDefault(r => r.Entry.Silo == _self) is not { Entry.Status: not SiloStatus.Dead })
                {
                    selfDead = true;
                    return true;
                }

                var row = data.Rows.FirstOrDefault(r => r.Entry.Silo == silo);
                if (row is null || row.Entry.Status == SiloStatus.Dead)
                {
                    return true;
                }

                var now = _time.GetUtcNow();
                var votes = row.Entry.Suspicions
                    .Where(v => v.Suspecter != _self && now - v.Time < _options.DeathVoteExpiration)
                    .Append(new SuspicionVote(_self, now))
                    .ToList();
                var activeVoters = data.Rows.Count(r => r.Entry.Status == SiloStatus.Active && r.Entry.Silo != silo);
                var needed = Math.Max(1, Math.Min(_options.NumVotesForDeathDeclaration, activeVoters));
                declaredDead = votes.Count >= needed;
                var updated = row.Entry with { Suspicions = votes, Status = declaredDead ? SiloStatus.Dead : row.Entry.Status };
                return await _table.UpdateRowAsync(updated, row.ETag, data.Version.Next(), cancellationToken);
            },
            $"vote against {silo}",
            cancellationToken);

        if (selfDead && _leaving)
        {
            return;
        }

        if (selfDead)
        {
            _logger.LogError("Silo {Silo} is Dead in the membership table; it casts no vote against {Peer} and stops.", _self, silo);
            _onSelfDead();
            return;
        }

        if (declaredDead)
        {
            _logger.LogWarning("Declared silo {Silo} Dead after missed probes.", silo);
            await _directory.UnregisterSilosAsync([silo], cancellationToken);
            await RefreshAsync(cancellationToken);
            await _announceChange();
        }
    }

    /// <summary>Runs a conditional table write against a fresh read until it lands (Orleans retries the same way).</summary>
    private async Task CasAsync(Func<MembershipTableData, Task<bool>> write, string what, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 0; attempt < CasAttempts; attempt++)
            {
                var data = await _table.ReadAllAsync(cancellationToken);
                if (await write(data))
                {
                    await RefreshAsync(cancellationToken);
                    return;
                }

                // Lost the race with another writer: back off a little, re-read, retry.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 + (attempt * 10))), cancellationToken);
            }

            throw new InvalidOperationException($"Could not {what} in the membership table after {CasAttempts} attempts.");
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>A probe sent and not yet answered, with the connection it went out on.</summary>
    private sealed record PendingProbe(Connection Connection, TaskCompletionSource<SiloLoad> Reply);
}
