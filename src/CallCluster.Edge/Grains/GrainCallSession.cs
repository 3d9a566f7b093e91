using CallCluster.Edge.Calls;
using CallCluster.Grains.Calls;
using CallCluster.Grains.Streaming;
using CallCluster.Runtime.Hosting;
using CallCluster.Runtime;
using CallCluster.Runtime.Streams;
using Microsoft.Extensions.Logging;

namespace CallCluster.Edge.Grains;

/// <summary>
/// One call bridged to its grain. Caller audio, DTMF, playout marks and the hang-up go up the stream; agent audio,
/// marks, clears, hang-ups and transfers come down. Caller input is numbered and kept (<see cref="CallerInputBuffer"/>)
/// until the grain acknowledges a checkpoint that covers it. When the stream breaks (the silo died) it re-opens it
/// within the failover budget with a reconnect hello, clears playout of the dead activation's audio, and replays the
/// input no checkpoint covers, including what arrived while the stream was down: keys at once, speech at real time
/// with long quiet stretches sent at once so the line catches up. The grain skips numbers it already has, so nothing
/// counts twice. A stream closed as migrating (its silo shut down gracefully and handed the call over) is re-opened
/// the same way.
/// </summary>
internal sealed class GrainCallSession : ICallMediaSession
{
    private readonly CallStartInfo _call;
    private readonly ICallMediaChannel _channel;
    private readonly IClusterClient _client;
    private readonly GrainCallOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly byte[] _send = new byte[CallStreamCodec.MaxFrameBytes];
    private readonly byte[] _replay = new byte[CallStreamCodec.MaxFrameBytes];
    private readonly CallerInputBuffer _inputs;
    private volatile FrameStream? _stream;
    private bool _replaying;
    private int _ended;
    private int _transferReported;

    public GrainCallSession(CallStartInfo call, ICallMediaChannel channel, IClusterClient client, GrainCallOptions options, ILogger logger)
    {
        _call = call;
        _channel = channel;
        _client = client;
        _options = options;
        _logger = logger;
        _inputs = new CallerInputBuffer(Math.Max(1, (int)(options.ReplayCapacity / FrameDuration)));
    }

    private static TimeSpan FrameDuration => TimeSpan.FromMilliseconds(20);

    private bool Ended => Volatile.Read(ref _ended) != 0;

    public async Task ConnectAsync(bool reconnect, CancellationToken cancellationToken)
    {
        var stream = await _client.OpenFrameStreamAsync<ICallGrain>(_call.CallId, cancellationToken);
        long lastInput;
        lock (_inputs)
        {
            lastInput = _inputs.Newest;
        }

        var hello = new byte[CallStreamCodec.MaxFrameBytes];
        var length = CallStreamCodec.WriteHello(new CallHello(_call.CallId, _call.Caller, _call.Callee, reconnect, lastInput), hello);
        await stream.WriteAsync(hello.AsMemory(0, length), cancellationToken);
        lock (_inputs)
        {
            // Input from here on goes through the replay until it has caught up with the line.
            _replaying = reconnect;
            _stream = stream;
        }

        _ = ReceiveAsync(stream);
        if (reconnect)
        {
            _ = ReplayAsync(stream);
        }
    }

    public ValueTask OnCallerAudioAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken)
    {
        FrameStream? live;
        long number;
        lock (_inputs)
        {
            number = _inputs.AddAudio(frame.Span);
            live = _replaying ? null : _stream;
        }

        return live is null
            ? ValueTask.CompletedTask
            : SendAsync(live, CallStreamCodec.WriteCallerAudio(number, frame.Span, _send), cancellationToken);
    }

    public ValueTask OnDtmfAsync(char digit, CancellationToken cancellationToken)
    {
        FrameStream? live;
        long number;
        lock (_inputs)
        {
            number = _inputs.AddDigit(digit);
            live = _replaying ? null : _stream;
        }

        return live is null ? ValueTask.CompletedTask : SendAsync(live, CallStreamCodec.WriteDtmf(number, digit, _send), cancellationToken);
    }

    public ValueTask OnPlayoutMarkAsync(PlayoutMark mark, CancellationToken cancellationToken)
    {
        var kind = mark.Outcome == PlayoutMarkOutcome.Played ? CallStreamMessageKind.MarkPlayed : CallStreamMessageKind.MarkCleared;
        return SendAsync(_stream, CallStreamCodec.WriteMark(kind, mark.Name, mark.At, _send), cancellationToken);
    }

    public async ValueTask OnCallEndedAsync(CallEnd end, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        if (end == CallEnd.Transferred)
        {
            // The line left the call because the transfer connected: the grain hears that before the stream closes,
            // whichever of this end and the transfer's own completion runs first.
            await ReportTransferAsync(connected: true, cancellationToken);
        }
        else if (end.By != CallEndedBy.Agent)
        {
            await SendAsync(_stream, CallStreamCodec.WriteText(CallStreamMessageKind.CallerHungUp, end.Reason, _send), cancellationToken);
        }

        await _lifetime.CancelAsync();
        if (_stream is { } stream)
        {
            await stream.CloseAsync();
        }

        lock (_inputs)
        {
            _inputs.Dispose();
        }
    }

    // Marks and hang-ups while the stream is down are dropped: the new activation never placed those marks. Caller
    // input sent into a break is still kept and replayed.
    private ValueTask SendAsync(FrameStream? target, int length, CancellationToken cancellationToken) =>
        SendAsync(target, _send.AsMemory(0, length), cancellationToken);

    private async ValueTask SendAsync(FrameStream? target, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (target is not { IsCompleted: false } stream)
        {
            return;
        }

        try
        {
            await stream.WriteAsync(frame, cancellationToken);
        }
        catch (FrameStreamBrokenException)
        {
            // The receive loop sees the same break and re-opens the stream.
        }
        catch (InvalidOperationException) when (stream.IsCompleted)
        {
            // Closed between the check and the write.
        }
    }

    private async Task ReceiveAsync(FrameStream stream)
    {
        var frame = new byte[CallStreamCodec.MaxFrameBytes];
        var samples = new short[CallStreamCodec.FrameSamples];
        var token = _lifetime.Token;
        try
        {
            while (await stream.WaitToReadAsync(token))
            {
                while (stream.TryRead(frame, out var length))
                {
                    await DispatchAsync(frame.AsMemory(0, length), samples, token);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return;
        }
        catch (FrameStreamBrokenException e) when (!Ended && e.IsMigrating)
        {
            // A graceful handover: the grain saved the call; its next activation, on another silo, resumes it.
            _logger.LogInformation("Call {CallId}: the grain is migrating ({Reason}); re-opening.", _call.CallId, e.Message);
            await ReconnectAsync();
        }
        catch (FrameStreamBrokenException e) when (!Ended)
        {
            _logger.LogWarning("Call {CallId}: the grain's stream broke ({Reason}); re-opening.", _call.CallId, e.Message);
            await ReconnectAsync();
        }
#pragma warning disable CA1031 // A failure here ends this call, never the edge.
        catch (Exception e) when (!Ended)
#pragma warning restore CA1031
        {
            _logger.LogError(e, "Call {CallId}: the grain stream failed; hanging up.", _call.CallId);
            await HangUpQuietlyAsync();
        }
    }

    private async ValueTask DispatchAsync(ReadOnlyMemory<byte> frame, short[] samples, CancellationToken token)
    {
        switch (CallStreamCodec.KindOf(frame.Span))
        {
            case CallStreamMessageKind.AgentAudio:
                CallStreamCodec.ReadAgentAudio(frame.Span, samples);
                await _channel.SendAudioAsync(samples, token);
                break;
            case CallStreamMessageKind.Mark:
                _channel.Mark(CallStreamCodec.ReadText(frame.Span));
                break;
            case CallStreamMessageKind.ClearPlayout:
                _channel.ClearPlayout();
                break;
            case CallStreamMessageKind.HangUp:
                Interlocked.Exchange(ref _ended, 1);
                await _channel.HangUpAsync(token);
                if (_stream is { } stream)
                {
                    // The agent ended the call: close the stream too, or its silo counts the call as live and a
                    // graceful shutdown waits out its whole grace for it.
                    await stream.CloseAsync();
                }

                break;
            case CallStreamMessageKind.InputAck:
                lock (_inputs)
                {
                    _inputs.Acknowledge(CallStreamCodec.ReadInputAck(frame.Span));
                }

                break;
            case CallStreamMessageKind.Transfer:
                await TransferAsync(CallStreamCodec.ReadText(frame.Span), token);
                break;
            default:
                throw new InvalidDataException($"The grain sent {CallStreamCodec.KindOf(frame.Span)}, which only an edge sends.");
        }
    }

    /// <summary>
    /// Hands the caller over and tells the grain how it went. The line completes only once the transfer is confirmed (a
    /// SIP line: the transferee's final NOTIFY), and then leaves the call. A line that cannot transfer, a target nobody
    /// configured, a refused REFER or a transfer that failed or never confirmed is the agent's to explain to the
    /// caller, who is still on the line, not a reason to drop the call.
    /// </summary>
    private async Task TransferAsync(string target, CancellationToken token)
    {
        // Each attempt is reported once: by its own completion or by the call's end as transferred, whichever is first.
        Volatile.Write(ref _transferReported, 0);
        var connected = true;
        try
        {
            await _channel.TransferAsync(new TransferRequest(target, Blind: true), token);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or TimeoutException)
        {
            _logger.LogWarning("Call {CallId}: the transfer to {Target} failed: {Reason}", _call.CallId, Sip.TransferTargets.Redact(target), e.Message);
            connected = false;
        }

        await ReportTransferAsync(connected, token);
    }

    private async ValueTask ReportTransferAsync(bool connected, CancellationToken token)
    {
        if (Interlocked.Exchange(ref _transferReported, 1) != 0)
        {
            return;
        }

        var result = new byte[CallStreamCodec.MaxFrameBytes];
        var outcome = connected ? "Connected" : "Failed";
        await SendAsync(_stream, result.AsMemory(0, CallStreamCodec.WriteText(CallStreamMessageKind.TransferResult, outcome, result)), token);
    }

    private async Task ReconnectAsync()
    {
        // What the dead activation queued is no longer the conversation: the new one says its resume line.
        _channel.ClearPlayout();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        budget.CancelAfter(_options.FailoverBudget);
        while (!budget.IsCancellationRequested)
        {
            try
            {
                await ConnectAsync(reconnect: true, budget.Token);
                _logger.LogInformation("Call {CallId}: stream re-opened.", _call.CallId);
                return;
            }
            catch (Exception e) when (e is SiloUnavailableException or FrameStreamBrokenException or TimeoutException or GrainCallException
                or OperationCanceledException)
            {
                _logger.LogDebug(e, "Call {CallId}: re-opening the stream failed; retrying.", _call.CallId);
            }

            try
            {
                await Task.Delay(_options.ReconnectDelay, budget.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (!Ended)
        {
            _logger.LogError("Call {CallId}: no silo took the call within {Budget}; hanging up.", _call.CallId, _options.FailoverBudget);
            await HangUpQuietlyAsync();
        }
    }

    /// <summary>
    /// Sends the kept input the grain has not acknowledged, oldest first, then hands sending back to the live path.
    /// Keys go at once (a key press interrupts at once anyway); speech at real time, because the grain's turn-taking
    /// confirms speech after a minimum duration and endpoints on silence; quiet at real time only for
    /// <see cref="GrainCallOptions.ReplayPacedQuiet"/> after speech, the rest at once, so the replay catches up with the line.
    /// </summary>
    private async Task ReplayAsync(FrameStream stream)
    {
        var pacedQuietFrames = (int)(_options.ReplayPacedQuiet / FrameDuration);
        // Quiet before any speech in the backlog ends nothing at the grain: it goes at once, so a backlog without speech
        // is through in milliseconds and the resume line is not held up.
        var quietRun = pacedQuietFrames;
        long next = 0;
        long sent = 0;
        using var pace = new PeriodicTimer(FrameDuration);
        try
        {
            while (!stream.IsCompleted)
            {
                int length;
                bool paced;
                lock (_inputs)
                {
                    if (!ReferenceEquals(_stream, stream))
                    {
                        // A newer stream replaced this one; its own replay sends from here on.
                        return;
                    }

                    // Acknowledgements arrive meanwhile (the new activation sends its checkpoint's count first).
                    next = Math.Max(next, Math.Max(_inputs.Acknowledged, _inputs.Oldest - 1) + 1);
                    if (!_inputs.TryEncode(next, _replay, out length, out var isAudio, out var isQuiet, _options.ReplayQuietDbfs))
                    {
                        _replaying = false;
                        break;
                    }

                    // Keys leave the count alone: the grain times digit turns on its own clock, not on audio.
                    quietRun = !isAudio ? quietRun : isQuiet ? quietRun + 1 : 0;
                    paced = isAudio && quietRun <= pacedQuietFrames;
                }

                if (paced)
                {
                    await pace.WaitForNextTickAsync(_lifetime.Token);
                }

                await stream.WriteAsync(_replay.AsMemory(0, length), _lifetime.Token);
                next++;
                sent++;
            }
        }
        catch (Exception e) when (e is FrameStreamBrokenException or OperationCanceledException or InvalidOperationException)
        {
            // The stream broke again (the receive loop re-opens it and a new replay starts) or the call ended.
            return;
        }

        long dropped;
        lock (_inputs)
        {
            dropped = _inputs.Dropped;
        }

        _logger.LogInformation("Call {CallId}: replayed {Sent} caller inputs to the grain ({Dropped} dropped over capacity so far).", _call.CallId, sent, dropped);
    }

    private async Task HangUpQuietlyAsync()
    {
        try
        {
            await _channel.HangUpAsync(CancellationToken.None);
        }
        catch (ObjectDisposedException)
        {
            // The call already ended.
        }
    }
}
