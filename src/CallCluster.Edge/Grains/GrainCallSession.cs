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
/// marks, clears, hang-ups and transfers come down. When the stream breaks (the silo died) it re-opens it within the
/// failover budget with a reconnect hello, clears playout of the dead activation's audio, and drops caller audio
/// meanwhile, so nothing is delivered twice. A stream closed as migrating (its silo shut down gracefully and handed
/// the call over) is re-opened the same way.
/// </summary>
internal sealed class GrainCallSession : ICallMediaSession
{
    private readonly CallStartInfo _call;
    private readonly ICallMediaChannel _channel;
    private readonly ClusterClient _client;
    private readonly GrainCallOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly byte[] _send = new byte[CallStreamCodec.MaxFrameBytes];
    private volatile FrameStream? _stream;
    private int _ended;

    public GrainCallSession(CallStartInfo call, ICallMediaChannel channel, ClusterClient client, GrainCallOptions options, ILogger logger)
    {
        _call = call;
        _channel = channel;
        _client = client;
        _options = options;
        _logger = logger;
    }

    private bool Ended => Volatile.Read(ref _ended) != 0;

    public async Task ConnectAsync(bool reconnect, CancellationToken cancellationToken)
    {
        var stream = await _client.OpenFrameStreamAsync<ICallGrain>(_call.CallId, cancellationToken);
        var hello = new byte[CallStreamCodec.MaxFrameBytes];
        var length = CallStreamCodec.WriteHello(new CallHello(_call.CallId, _call.Caller, _call.Callee, reconnect), hello);
        await stream.WriteAsync(hello.AsMemory(0, length), cancellationToken);
        _stream = stream;
        _ = ReceiveAsync(stream);
    }

    public ValueTask OnCallerAudioAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken)
    {
        var length = CallStreamCodec.WriteAudio(CallStreamMessageKind.CallerAudio, frame.Span, _send);
        return SendAsync(length, cancellationToken);
    }

    public ValueTask OnDtmfAsync(char digit, CancellationToken cancellationToken) =>
        SendAsync(CallStreamCodec.WriteDtmf(digit, _send), cancellationToken);

    public ValueTask OnPlayoutMarkAsync(PlayoutMark mark, CancellationToken cancellationToken)
    {
        var kind = mark.Outcome == PlayoutMarkOutcome.Played ? CallStreamMessageKind.MarkPlayed : CallStreamMessageKind.MarkCleared;
        return SendAsync(CallStreamCodec.WriteText(kind, mark.Name, _send), cancellationToken);
    }

    public async ValueTask OnCallEndedAsync(CallEnd end, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        if (end.By != CallEndedBy.Agent)
        {
            await SendAsync(CallStreamCodec.WriteText(CallStreamMessageKind.CallerHungUp, end.Reason, _send), cancellationToken);
        }

        await _lifetime.CancelAsync();
        if (_stream is { } stream)
        {
            await stream.CloseAsync();
        }
    }

    // Caller-side messages while the stream is down are dropped, not queued: replaying them to the new activation
    // would deliver stale speech and marks it never placed.
    private async ValueTask SendAsync(int length, CancellationToken cancellationToken)
    {
        if (_stream is not { IsCompleted: false } stream)
        {
            return;
        }

        try
        {
            await stream.WriteAsync(_send.AsMemory(0, length), cancellationToken);
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
                CallStreamCodec.ReadAudio(frame.Span, samples);
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
            case CallStreamMessageKind.Transfer:
                await _channel.TransferAsync(new TransferRequest(CallStreamCodec.ReadText(frame.Span), Blind: true), token);
                break;
            default:
                throw new InvalidDataException($"The grain sent {CallStreamCodec.KindOf(frame.Span)}, which only an edge sends.");
        }
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
