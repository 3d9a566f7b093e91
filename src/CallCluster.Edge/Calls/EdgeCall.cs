using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CallCluster.Edge.Playout;
using CallCluster.Media.Dtmf;
using CallCluster.Media.Frames;
using Microsoft.Extensions.Logging;

namespace CallCluster.Edge.Calls;

/// <summary>
/// One call on this edge, independent of the line it came in on: it feeds the caller's frames, digits and mark
/// outcomes to the handler as one ordered event stream, queues the handler's audio for the shared playout clock,
/// keeps the book of marks, and routes hang-up and transfer requests to the line. Transports create it through
/// <see cref="EdgeCallFactory"/>, post what the line delivers, and dispose it when the line is gone.
/// </summary>
public sealed class EdgeCall : ICallMediaChannel, IPlayoutSink, IAsyncDisposable
{
    private static readonly short[] SilenceFrame = new short[AudioFormat.SamplesPerFrame];

    private readonly ICallTransport _transport;
    private readonly ICallMediaHandler _handler;
    private readonly PlayoutScheduler _scheduler;
    private readonly EdgeOptions _options;
    private readonly ICallAudioTap? _tap;
    private readonly InBandDigitDetector? _inBandDigits;
    private readonly ILogger _logger;
    private readonly PlayoutBuffer _playout;
    private readonly Channel<CallEvent> _events = Channel.CreateUnbounded<CallEvent>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    // Marks placed by the handler whose outcome is not reported yet, in placement order.
    private readonly List<string> _pendingMarks = [];
    private readonly CancellationTokenSource _lifetime = new();
    private PlayoutRegistration? _registration;

    // While bridged: the call whose caller audio this call's line plays, and the bridge that joined them.
    private EdgeCall? _peer;
    private CallBridge? _bridge;
    private Task _pump = Task.CompletedTask;
    private int _pendingCallerFrames;

    // The last tick's comfort silence, not yet recorded (playout steps only, which never overlap).
    private bool _silenceUnrecorded;
    private int _ended;
    private int _disposed;

    internal EdgeCall(
        CallStartInfo call,
        ICallTransport transport,
        ICallMediaHandler handler,
        PlayoutScheduler scheduler,
        EdgeOptions options,
        PlayoutOptions playoutOptions,
        ICallAudioTap? tap,
        ILogger logger)
    {
        Call = call;
        _transport = transport;
        _handler = handler;
        _scheduler = scheduler;
        _options = options;
        _tap = tap;
        _inBandDigits = options.DetectInBandDigits && call.Dtmf is DtmfCapability.None or DtmfCapability.SipInfo ? new InBandDigitDetector() : null;
        _logger = logger;
        _playout = new PlayoutBuffer(playoutOptions.BufferCapacityFrames);
    }

    /// <inheritdoc />
    public CallStartInfo Call { get; }

    /// <summary>Frames of agent audio waiting for the playout clock.</summary>
    public int QueuedPlayoutFrames => _playout.QueuedFrames;

    /// <summary>Completes when the handler has received the call's last event (or failed).</summary>
    public Task Completion => _pump;

    /// <summary>True once the call has ended, from either side.</summary>
    public bool HasEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>
    /// Offers the call to the handler and, once accepted, starts the event stream and the paced playout.
    /// </summary>
    /// <exception cref="TimeoutException">The handler did not accept within <see cref="EdgeOptions.AcceptTimeout"/>.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        timeout.CancelAfter(_options.AcceptTimeout);
        ICallMediaSession session;
        try
        {
            session = await _handler.AcceptCallAsync(Call, this, timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && !_lifetime.IsCancellationRequested)
        {
            throw new TimeoutException($"The handler did not accept call {Call.CallId} within {_options.AcceptTimeout}.", e);
        }

        _registration = _scheduler.Register(_playout, this);
        EdgeMetrics.ActiveCalls.Add(1);
        _pump = PumpAsync(session);
    }

    /// <summary>Delivers one 20 ms, 16 kHz frame from the caller; dropped (false) if the handler is too far behind or the call ended.</summary>
    public bool PostCallerAudio(ReadOnlySpan<short> frame)
    {
        if (frame.Length != AudioFormat.SamplesPerFrame)
        {
            throw new ArgumentException($"A caller frame is {AudioFormat.SamplesPerFrame} samples, not {frame.Length}.", nameof(frame));
        }

        if (HasEnded)
        {
            return false;
        }

        _tap?.OnCallerFrame(frame);
        if (_inBandDigits is { } detector)
        {
            Span<char> digits = stackalloc char[4];
            var found = detector.Process(frame, digits);
            for (var i = 0; i < found; i++)
            {
                PostDtmf(digits[i]);
            }
        }

        if (Volatile.Read(ref _peer) is { } peer)
        {
            peer.PlayBridged(frame);
            return true;
        }

        if (Volatile.Read(ref _pendingCallerFrames) >= _options.MaxPendingCallerFrames)
        {
            EdgeMetrics.CallerFramesDropped.Add(1);
            return false;
        }

        var samples = AudioBlockPool.Frames.Rent();
        frame.CopyTo(samples);
        Interlocked.Increment(ref _pendingCallerFrames);
        if (!_events.Writer.TryWrite(CallEvent.Audio(samples)))
        {
            Interlocked.Decrement(ref _pendingCallerFrames);
            AudioBlockPool.Frames.Return(samples);
            return false;
        }

        return true;
    }

    /// <summary>Delivers a keypad digit from the caller.</summary>
    public void PostDtmf(char digit) => _events.Writer.TryWrite(CallEvent.Dtmf(digit));

    /// <summary>
    /// The line confirms that the audio before a mark was played (Twilio echoes the mark; an RTP line confirms on send).
    /// Marks not pending any more (cleared meanwhile, or unknown) are ignored.
    /// </summary>
    public void ReportMarkPlayed(string name)
    {
        lock (_pendingMarks)
        {
            if (!_pendingMarks.Remove(name))
            {
                return;
            }

            _events.Writer.TryWrite(CallEvent.MarkOutcome(new PlayoutMark(name, PlayoutMarkOutcome.Played, _scheduler.Time.GetUtcNow())));
        }
    }

    /// <summary>
    /// Ends the call: stops the playout, reports pending marks as cleared, then sends the handler its last event.
    /// Idempotent; the first caller's reason wins. Does not wait for the handler (see <see cref="Completion"/>).
    /// </summary>
    public void End(CallEnd end)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        _registration?.Dispose();
        Volatile.Read(ref _bridge)?.Separate("ended");
        lock (_pendingMarks)
        {
            _playout.Clear();
            ReportPendingMarksCleared();
            _events.Writer.TryWrite(CallEvent.Ended(end));
            _events.Writer.TryComplete();
        }
    }

    /// <summary>True while a <see cref="CallBridge"/> joins this call to another.</summary>
    public bool IsBridged => Volatile.Read(ref _peer) is not null;

    /// <inheritdoc />
    public ValueTask SendAudioAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(HasEnded, this);
        if (IsBridged)
        {
            // The line plays the other call's caller now; the agent is out of the conversation until unbridged.
            return ValueTask.CompletedTask;
        }

        return _playout.TryEnqueue(frame.Span) ? ValueTask.CompletedTask : _playout.EnqueueAsync(frame, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask SendDigitsAsync(string digits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digits);
        ObjectDisposedException.ThrowIf(HasEnded, this);
        var tones = new DtmfGenerator();
        tones.Enqueue(digits); // checks every digit before anything is sent
        if (digits.Length == 0 || _transport.TrySendDigits(digits))
        {
            return;
        }

        // In-band: the tones are agent audio, queued behind what is already queued and paced like it.
        var frame = AudioBlockPool.Frames.Rent();
        try
        {
            while (tones.IsBusy)
            {
                tones.Fill(frame.AsSpan(0, AudioFormat.SamplesPerFrame));
                await _playout.EnqueueAsync(frame.AsMemory(0, AudioFormat.SamplesPerFrame), cancellationToken);
            }
        }
        finally
        {
            AudioBlockPool.Frames.Return(frame);
        }
    }

    /// <inheritdoc />
    public void Mark(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_pendingMarks)
        {
            ObjectDisposedException.ThrowIf(HasEnded, this);
            _pendingMarks.Add(name);
            _playout.AddMark(name);
        }
    }

    /// <inheritdoc />
    public void ClearPlayout()
    {
        lock (_pendingMarks)
        {
            if (HasEnded)
            {
                return;
            }

            _playout.Clear();
            _transport.OnPlayoutCleared();
            ReportPendingMarksCleared();
        }
    }

    /// <inheritdoc />
    public async ValueTask HangUpAsync(CancellationToken cancellationToken)
    {
        End(new CallEnd(CallEndedBy.Agent, "hangup"));
        await _transport.HangUpAsync(cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask TransferAsync(TransferRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(HasEnded, this);
        return _transport.TransferAsync(request, cancellationToken);
    }

    void IPlayoutSink.SendFrame(ReadOnlySpan<short> frame, bool comfortSilence)
    {
        // A tick's comfort silence is recorded one tick late: until then a talk spurt's first frame may take its place
        // (TrySendNow), and the recording, which places frames by count, must hold one frame per tick, not both.
        if (_silenceUnrecorded)
        {
            _tap?.OnAgentFrame(SilenceFrame);
        }

        _silenceUnrecorded = comfortSilence;
        if (!comfortSilence)
        {
            _tap?.OnAgentFrame(frame);
        }

        _transport.SendFrame(frame, comfortSilence);
    }

    void IPlayoutSink.SendPrepared() => _transport.SendPrepared();

    bool IPlayoutSink.TrySendNow(ReadOnlySpan<short> frame)
    {
        if (!_transport.TrySendNow(frame))
        {
            return false;
        }

        _silenceUnrecorded = false;
        _tap?.OnAgentFrame(frame);
        return true;
    }

    void IPlayoutSink.OnMarkReached(string name) => _transport.OnMarkReached(name);

    /// <summary>Ends the call if the line has not (as the edge's doing) and waits until the handler has seen the end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        End(new CallEnd(CallEndedBy.Edge, "disposed"));

        // A call that ended while the handler was still accepting got registered after End ran.
        _registration?.Dispose();
        await _pump;
        await _lifetime.CancelAsync();
        _lifetime.Dispose();
        _playout.Dispose();
        _tap?.Dispose();
        _inBandDigits?.Dispose();
    }

    internal bool CanBridge(out string reason)
    {
        reason = HasEnded ? "it has ended" : _registration is null ? "its handler has not accepted it" : _peer is not null ? "it is already bridged" : string.Empty;
        return reason.Length == 0;
    }

    /// <summary>Under the bridge's lock: from now on this call's caller audio plays on <paramref name="peer"/>'s line.</summary>
    internal void JoinBridge(CallBridge bridge, EdgeCall peer)
    {
        // What the agent had queued belongs to the conversation before the bridge.
        ClearPlayout();
        Volatile.Write(ref _bridge, bridge);
        Volatile.Write(ref _peer, peer);
    }

    /// <summary>Under the bridge's lock: back to the handler; the other party's audio still queued is dropped.</summary>
    internal void LeaveBridge(CallBridge bridge)
    {
        if (!ReferenceEquals(Volatile.Read(ref _bridge), bridge))
        {
            return;
        }

        Volatile.Write(ref _peer, null);
        Volatile.Write(ref _bridge, null);
        ClearPlayout();
    }

    /// <summary>One frame of the bridged peer's caller, to play on this call's line; dropped rather than let the delay grow.</summary>
    private void PlayBridged(ReadOnlySpan<short> frame)
    {
        try
        {
            if (HasEnded || _playout.QueuedFrames >= _options.MaxBridgeQueuedFrames || !_playout.TryEnqueue(frame))
            {
                EdgeMetrics.CallerFramesDropped.Add(1, new KeyValuePair<string, object?>("reason", "bridge"));
            }
        }
        catch (ObjectDisposedException)
        {
            // This call ended and was disposed while the peer's frame was on its way; the bridge is coming apart.
        }
    }

    private void ReportPendingMarksCleared()
    {
        var now = _scheduler.Time.GetUtcNow();
        foreach (var name in _pendingMarks)
        {
            _events.Writer.TryWrite(CallEvent.MarkOutcome(new PlayoutMark(name, PlayoutMarkOutcome.Cleared, now)));
        }

        _pendingMarks.Clear();
    }

    private async Task PumpAsync(ICallMediaSession session)
    {
        var token = _lifetime.Token;
        try
        {
            while (await _events.Reader.WaitToReadAsync(CancellationToken.None))
            {
                while (_events.Reader.TryRead(out var e))
                {
                    if (e.Kind == CallEventKind.Audio)
                    {
                        Interlocked.Decrement(ref _pendingCallerFrames);
                    }

                    await DeliverAsync(session, e, token);
                }
            }
        }
#pragma warning disable CA1031 // A failing handler ends its own call, never the edge.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogError(e, "Handler failed on call {CallId}; hanging up.", Call.CallId);
            End(new CallEnd(CallEndedBy.Edge, "handler-failed"));
            DrainReturningBuffers();
            await HangUpLineQuietlyAsync();
        }
        finally
        {
            EdgeMetrics.ActiveCalls.Add(-1);
        }
    }

    // Pooled so that a handler that completes asynchronously (a remote grain) costs no allocation per frame.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask DeliverAsync(ICallMediaSession session, CallEvent e, CancellationToken token)
    {
        switch (e.Kind)
        {
            case CallEventKind.Audio:
                try
                {
                    await session.OnCallerAudioAsync(e.Samples.AsMemory(0, AudioFormat.SamplesPerFrame), token);
                }
                finally
                {
                    AudioBlockPool.Frames.Return(e.Samples!);
                }

                break;
            case CallEventKind.Dtmf:
                await session.OnDtmfAsync(e.Digit, token);
                break;
            case CallEventKind.Mark:
                await session.OnPlayoutMarkAsync(e.Mark, token);
                break;
            case CallEventKind.Ended:
                await session.OnCallEndedAsync(e.End, token);
                break;
            default:
                throw new InvalidOperationException($"Unknown call event {e.Kind}.");
        }
    }

    private void DrainReturningBuffers()
    {
        while (_events.Reader.TryRead(out var e))
        {
            if (e.Samples is { } samples)
            {
                AudioBlockPool.Frames.Return(samples);
            }
        }
    }

    private async Task HangUpLineQuietlyAsync()
    {
        try
        {
            await _transport.HangUpAsync(CancellationToken.None);
        }
#pragma warning disable CA1031 // The line may already be gone; the call is over either way.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogDebug(e, "Hanging up call {CallId} after a handler failure failed.", Call.CallId);
        }
    }
}
