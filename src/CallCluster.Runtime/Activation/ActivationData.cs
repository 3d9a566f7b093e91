using System.Threading.Channels;
using CallCluster.Runtime.Directory;
using Microsoft.Extensions.Logging;

namespace CallCluster.Runtime.Activation;

/// <summary>
/// One activation of a grain on this silo: its mailbox and the loop that runs it one turn at a time.
/// The loop registers in the directory first (a loser hands its queued calls to the winner), loads state,
/// runs OnActivateAsync, then processes calls and timer ticks until it is asked to deactivate.
/// </summary>
internal sealed class ActivationData
{
    private readonly Channel<WorkItem> _mailbox = Channel.CreateUnbounded<WorkItem>();
    private readonly Lock _gate = new();
    private readonly List<GrainTimer> _timers = [];
    private readonly List<Streams.ActivationFrameStream> _streams = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ActivationState _state;
    private DeactivationReason? _pendingDeactivation;
    private DateTimeOffset _lastActivity;
    private DateTimeOffset _keepAliveUntil;
    private int _started;
    private bool _inTurn;
    private bool _handingOver;

    public ActivationData(GrainId grainId, IActivationHost host)
    {
        GrainId = grainId;
        Host = host;
        ActivationId = Guid.NewGuid().ToString("N");
        _lastActivity = host.TimeProvider.GetUtcNow();
    }

    public GrainId GrainId { get; }

    public string ActivationId { get; }

    public IActivationHost Host { get; }

    public SiloAddress Silo => Host.Silo;

    public TimeProvider TimeProvider => Host.TimeProvider;

    public IGrainFactory GrainFactory => Host.GrainFactory;

    public Grain? Instance { get; private set; }

    /// <summary>The directory registration this activation won; its epoch fences state writes.</summary>
    public GrainAddress? Address { get; private set; }

    public long Epoch => Address?.Epoch ?? 0;

    public ActivationState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Cancelled when the activation starts to deactivate: long grain work should stop.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Completes when the activation is gone.</summary>
    public Task Completion => _completion.Task;

    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = Task.Run(RunAsync);
        }
    }

    public bool TryEnqueue(WorkItem item)
    {
        lock (_gate)
        {
            return _state < ActivationState.Deactivating && _mailbox.Writer.TryWrite(item);
        }
    }

    public void RequestDeactivation(DeactivationReason reason)
    {
        lock (_gate)
        {
            _pendingDeactivation ??= reason;
        }

        _mailbox.Writer.TryWrite(DeactivateWorkItem.Instance);
    }

    public void DelayDeactivation(TimeSpan duration)
    {
        lock (_gate)
        {
            _keepAliveUntil = duration <= TimeSpan.Zero ? DateTimeOffset.MinValue : TimeProvider.GetUtcNow() + duration;
        }
    }

    /// <summary>Idle: no turn running or queued, unused for <paramref name="age"/>, and not kept alive by the grain.</summary>
    public bool IsIdle(DateTimeOffset now, TimeSpan age)
    {
        lock (_gate)
        {
            return _state == ActivationState.Valid && !_inTurn && _mailbox.Reader.Count == 0
                && now - _lastActivity >= age && now >= _keepAliveUntil;
        }
    }

    /// <summary>Busy: a turn is running or queued, or the grain asked to stay (<see cref="Grain.DelayDeactivation"/>).</summary>
    public bool IsBusy(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _inTurn || _mailbox.Reader.Count > 0 || now < _keepAliveUntil || _state == ActivationState.Activating;
        }
    }

    /// <summary>
    /// Live, for a graceful shutdown: busy, or a frame stream is open. A call grain between two frames runs no turn,
    /// yet its call is live: the silo waits for it (up to the grace) rather than cut it.
    /// </summary>
    public bool IsLive(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_streams.Count > 0 && _state < ActivationState.Deactivating)
            {
                return true;
            }
        }

        return IsBusy(now);
    }

    public IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new GrainTimer(this, callback, dueTime, period);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    /// <summary>Attaches a frame stream; false if the activation is already leaving.</summary>
    public bool AttachStream(Streams.ActivationFrameStream stream)
    {
        lock (_gate)
        {
            if (_state >= ActivationState.Deactivating)
            {
                return false;
            }

            _streams.Add(stream);
        }

        return stream.Open();
    }

    public void DetachStream(Streams.ActivationFrameStream stream)
    {
        lock (_gate)
        {
            _streams.Remove(stream);
        }
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    /// <summary>Abrupt end (the silo was killed): no OnDeactivateAsync, no directory update; queued calls fail.</summary>
    public void Kill()
    {
        lock (_gate)
        {
            _state = ActivationState.Invalid;
        }

        StopTimers();
        BreakStreams(notifyPeer: false);
        _stopping.Cancel();
        _mailbox.Writer.TryComplete();
        Drain(rerouteCalls: false);
        _completion.TrySetResult();
    }

    public override string ToString() => $"{GrainId}#{ActivationId[..8]}@{Silo}";

    private async Task RunAsync()
    {
        try
        {
            await RunTurnsAsync();
        }
#pragma warning disable CA1031 // A runtime fault must not leave an activation registered but never serving.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Host.Logger.LogError(e, "The turn loop of {Activation} failed; deactivating it.", this);
            await UnregisterAsync();
            Finish(rerouteCalls: true);
        }
    }

    private async Task RunTurnsAsync()
    {
        if (!await ActivateAsync())
        {
            return;
        }

        var reader = _mailbox.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var item))
            {
                if (State == ActivationState.Invalid)
                {
                    return;
                }

                if (item is not DeactivateWorkItem)
                {
                    SetInTurn(true);
                    await item.RunAsync(this);
                    SetInTurn(false);
                }

                DeactivationReason? reason;
                lock (_gate)
                {
                    reason = _pendingDeactivation;
                }

                if (reason is { } pending)
                {
                    await DeactivateAsync(pending);
                    return;
                }
            }
        }
    }

    private async Task<bool> ActivateAsync()
    {
        try
        {
            Address = await RegisterAsync();
            if (Address.ActivationId != ActivationId)
            {
                // Another activation won the race; queued calls follow it through routing.
                Host.Logger.LogDebug("{Activation} lost registration to {Winner}.", this, Address);
                Address = null;
                Finish(rerouteCalls: true);
                return false;
            }

            var (grain, states) = Host.CreateGrain(this);
            Instance = grain;
            foreach (var state in states)
            {
                await state.LoadAsync(Stopping);
            }

            await grain.OnActivateAsync(Stopping);
            lock (_gate)
            {
                if (_state == ActivationState.Activating)
                {
                    _state = ActivationState.Valid;
                }
            }

            return true;
        }
#pragma warning disable CA1031 // Activation failure is reported to every queued caller.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Host.Logger.LogWarning(e, "Activation of {Grain} failed.", GrainId);
            lock (_gate)
            {
                _state = ActivationState.Deactivating;
            }

            await UnregisterAsync();
            FailQueued(e);
            Finish(rerouteCalls: false);
            return false;
        }
    }

    private async Task<GrainAddress> RegisterAsync()
    {
        var candidate = new GrainAddress(GrainId, Silo, ActivationId, 0);
        var winner = await Host.Directory.RegisterAsync(candidate, Host.DeadSilos, CancellationToken.None);
        if (winner.ActivationId != ActivationId && winner.Silo == Silo && !Host.IsLocalActivation(winner))
        {
            // A registration of ours whose activation is gone (e.g. unregistering raced with a new call): drop it and retry once.
            await Host.Directory.UnregisterAsync(winner, CancellationToken.None);
            winner = await Host.Directory.RegisterAsync(candidate, Host.DeadSilos, CancellationToken.None);
        }

        return winner;
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        lock (_gate)
        {
            _state = ActivationState.Deactivating;
            _handingOver = reason.Code == DeactivationReasonCode.ShuttingDown;
        }

        StopTimers();
        await _stopping.CancelAsync();
        try
        {
            await Instance!.OnDeactivateAsync(reason, CancellationToken.None);
        }
#pragma warning disable CA1031 // A failing OnDeactivateAsync must not keep the activation registered.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Host.Logger.LogWarning(e, "OnDeactivateAsync of {Grain} failed.", GrainId);
        }

        await UnregisterAsync();
        Finish(rerouteCalls: true);
    }

    private async Task UnregisterAsync()
    {
        if (Address is { } address)
        {
            try
            {
                await Host.Directory.UnregisterAsync(address, CancellationToken.None);
            }
#pragma warning disable CA1031 // The lease expires on its own if the store is unreachable.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Host.Logger.LogWarning(e, "Could not unregister {Activation}; its lease will expire.", this);
            }
        }
    }

    private void Finish(bool rerouteCalls)
    {
        lock (_gate)
        {
            _state = ActivationState.Invalid;
        }

        StopTimers();
        BreakStreams(notifyPeer: true);
        _mailbox.Writer.TryComplete();
        Host.OnDeactivated(this);
        Drain(rerouteCalls);
        _completion.TrySetResult();
    }

    private void FailQueued(Exception error)
    {
        while (_mailbox.Reader.TryRead(out var item))
        {
            if (item is CallWorkItem call)
            {
                call.Call.Reply(CallResponse.Failed(new InvalidOperationException($"Activation of {GrainId} failed: {error.Message}", error), Silo));
            }
        }
    }

    private void Drain(bool rerouteCalls)
    {
        while (_mailbox.Reader.TryRead(out var item))
        {
            item.Abandon(this, rerouteCalls);
        }
    }

    private void BreakStreams(bool notifyPeer)
    {
        Streams.ActivationFrameStream[] streams;
        lock (_gate)
        {
            streams = [.. _streams];
            _streams.Clear();
        }

        bool migrating;
        lock (_gate)
        {
            migrating = _handingOver;
        }

        foreach (var attached in streams)
        {
            attached.Stream.Break(new Streams.FrameStreamBrokenException($"The activation of {GrainId} went away.") { IsMigrating = migrating && notifyPeer });
            if (notifyPeer)
            {
                _ = migrating
                    ? attached.Stream.CloseWithErrorAsync($"The activation of {GrainId} is migrating: its silo is shutting down.", migrating: true)
                    : attached.Stream.CloseWithErrorAsync($"The activation of {GrainId} was deactivated.");
            }
        }
    }

    private void StopTimers()
    {
        GrainTimer[] timers;
        lock (_gate)
        {
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    private void SetInTurn(bool value)
    {
        lock (_gate)
        {
            _inTurn = value;
            if (!value)
            {
                _lastActivity = TimeProvider.GetUtcNow();
            }
        }
    }
}
