using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using CallCluster.Edge.Calls;
using CallCluster.Edge.Playout;
using CallCluster.Media.Codecs;
using CallCluster.Media.Codecs.G711;
using Microsoft.Extensions.Logging;
using CallCluster.Media.Frames;

namespace CallCluster.Edge.Twilio;

/// <summary>
/// One Twilio Media Streams WebSocket, bridged to one <see cref="EdgeCall"/>: inbound µ-law is decoded to 16 kHz frames
/// for the handler; the paced agent frames go out as µ-law <c>media</c> messages, marks as <c>mark</c> (Twilio echoes them
/// once played), a playout clear as <c>clear</c>. A single send loop owns the socket's writes, because the scheduler's
/// thread must never wait on the network.
/// </summary>
internal sealed partial class TwilioMediaStream : ICallTransport
{
    private const int MulawBytesPerFrame = 160;
    private const string Digits = "0123456789*#ABCD";

    private readonly WebSocket _socket;
    private readonly EdgeCallFactory _calls;
    private readonly TwilioMediaStreamOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<OutboundMessage> _outbound = Channel.CreateUnbounded<OutboundMessage>(
        new UnboundedChannelOptions { SingleReader = true });

    // Scheduler-thread state for outbound media: reused, so a frame out allocates nothing.
    private readonly IAudioEncoder _encoder = G711Codec.Pcmu.CreateEncoder();
    private readonly byte[] _mulawOut = new byte[MulawBytesPerFrame];
    private readonly ArrayBufferWriter<byte> _mediaJson = new(512);
    private readonly Utf8JsonWriter _mediaWriter;

    // Receive-loop state for inbound media.
    private readonly IAudioDecoder _decoder = G711Codec.Pcmu.CreateDecoder();
    private readonly byte[] _mulawIn = new byte[MulawBytesPerFrame];
    private readonly short[] _callerFrame = new short[AudioFormat.SamplesPerFrame];
    private int _mulawInLength;

    private Task _sending = Task.CompletedTask;
    private string? _streamSid;
    private EdgeCall? _call;
    private int _clearGeneration;
    private int _closing;
    private long _droppedOutbound;
    private int _queuedOutbound;

    public TwilioMediaStream(WebSocket socket, EdgeCallFactory calls, TwilioMediaStreamOptions options, ILogger logger)
    {
        _socket = socket;
        _calls = calls;
        _options = options;
        _logger = logger;
        _mediaWriter = new Utf8JsonWriter(_mediaJson);
    }

    /// <summary>Serves the stream until Twilio stops it, the socket closes, the handler hangs up or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _sending = SendLoopAsync(cancellationToken);
        try
        {
            await ReceiveLoopAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (_call is null && !cancellationToken.IsCancellationRequested)
        {
            // Cancelling a receive aborts the socket, so the client sees the connection drop rather than a close reason.
            LogNoStart(_options.StartTimeout);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            LogStreamBroken(_streamSid, e.Message);
        }
        finally
        {
            _call?.End(new CallEnd(CallEndedBy.Edge, "websocket-closed"));
            await CloseAsync(WebSocketCloseStatus.NormalClosure, "stream ended");
            if (_call is not null)
            {
                await _call.DisposeAsync();
            }

            _encoder.Dispose();
            _decoder.Dispose();
            await _mediaWriter.DisposeAsync();
        }
    }

    void IPlayoutSink.SendFrame(ReadOnlySpan<short> frame, bool comfortSilence)
    {
        // Twilio plays silence by itself when no media arrives; sending it would only fill its buffer.
        if (!comfortSilence)
        {
            SendMedia(frame);
        }
    }

    /// <summary>
    /// A talk spurt's first frame, queued while the call was idle: the tick's comfort silence was skipped, so there is
    /// no packet to replace and the frame simply goes out now, ahead of the grid. Twilio's own buffer plays it at once
    /// and the next frames, a tick apart, behind it.
    /// </summary>
    bool IPlayoutSink.TrySendNow(ReadOnlySpan<short> frame)
    {
        SendMedia(frame);
        return true;
    }

    /// <summary>
    /// Encodes one frame as a <c>media</c> message and queues it for the send loop. Only from the scheduler (a step or an
    /// early send), which never runs two at once for a call: the encoder and the JSON writer are reused unlocked.
    /// </summary>
    private void SendMedia(ReadOnlySpan<short> frame)
    {
        if (_streamSid is null)
        {
            return;
        }

        if (Volatile.Read(ref _queuedOutbound) >= _options.SendQueueCapacity)
        {
            if (Interlocked.Increment(ref _droppedOutbound) % 50 == 1)
            {
                LogSendQueueFull(_streamSid, _options.SendQueueCapacity);
            }

            return;
        }

        var length = _encoder.Encode(frame, _mulawOut);
        _mediaJson.ResetWrittenCount();
        _mediaWriter.Reset(_mediaJson);
        _mediaWriter.WriteStartObject();
        _mediaWriter.WriteString("event"u8, "media"u8);
        _mediaWriter.WriteString("streamSid"u8, _streamSid);
        _mediaWriter.WriteStartObject("media"u8);
        _mediaWriter.WriteBase64String("payload"u8, _mulawOut.AsSpan(0, length));
        _mediaWriter.WriteEndObject();
        _mediaWriter.WriteEndObject();
        _mediaWriter.Flush();
        Enqueue(_mediaJson.WrittenSpan, isMedia: true);
    }

    void IPlayoutSink.OnMarkReached(string name)
    {
        if (_streamSid is null)
        {
            return;
        }

        Enqueue(JsonSerializer.SerializeToUtf8Bytes(
            new TwilioOutboundMark(_streamSid, new TwilioMarkBody(name)), TwilioJsonContext.Default.TwilioOutboundMark), isMedia: false);
    }

    void ICallTransport.OnPlayoutCleared()
    {
        if (_streamSid is null)
        {
            return;
        }

        Interlocked.Increment(ref _clearGeneration);
        Enqueue(JsonSerializer.SerializeToUtf8Bytes(
            new TwilioOutboundClear(_streamSid), TwilioJsonContext.Default.TwilioOutboundClear), isMedia: false);
    }

    async ValueTask ICallTransport.HangUpAsync(CancellationToken cancellationToken)
    {
        // With <Connect><Stream>, closing the socket ends the stream and Twilio moves on to the next TwiML verb
        // (none: the call ends). Flush what is queued first so the goodbye is heard.
        await CloseAsync(WebSocketCloseStatus.NormalClosure, "hangup").WaitAsync(cancellationToken);
    }

    ValueTask ICallTransport.TransferAsync(TransferRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException(
            "A Twilio media stream carries no call control: transfer by updating the call's TwiML through Twilio's REST API.");

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        using var startDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startDeadline.CancelAfter(_options.StartTimeout);
        var message = ArrayPool<byte>.Shared.Rent(4096);
        var payload = ArrayPool<byte>.Shared.Rent(_options.MaxMessageBytes);
        try
        {
            while (true)
            {
                var token = _call is null ? startDeadline.Token : cancellationToken;
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == message.Length)
                    {
                        if (message.Length >= _options.MaxMessageBytes)
                        {
                            await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"messages are limited to {_options.MaxMessageBytes} bytes");
                            return;
                        }

                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(message.Length * 2, _options.MaxMessageBytes));
                        message.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(message);
                        message = larger;
                    }

                    var room = Math.Min(message.Length, _options.MaxMessageBytes) - length;
                    result = await _socket.ReceiveAsync(message.AsMemory(length, room), token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType != WebSocketMessageType.Text)
                {
                    LogIgnored(_streamSid, "binary message");
                    continue;
                }

                if (!await HandleAsync(message.AsMemory(0, length), payload, cancellationToken))
                {
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    /// <returns>False when the stream is over.</returns>
    private async ValueTask<bool> HandleAsync(ReadOnlyMemory<byte> json, byte[] payload, CancellationToken cancellationToken)
    {
        TwilioInboundMessage? message;
        try
        {
            if (TwilioInboundParser.TryReadMedia(json.Span, payload, out var payloadLength))
            {
                OnMedia(payload.AsSpan(0, payloadLength));
                return true;
            }

            message = JsonSerializer.Deserialize(json.Span, TwilioJsonContext.Default.TwilioInboundMessage);
        }
        catch (JsonException e)
        {
            // One bad message must not cost the caller the call; say exactly what was wrong and carry on.
            LogMalformed(_streamSid, e.Message);
            return true;
        }

        switch (message?.Event)
        {
            case "connected":
                return true;
            case "start":
                return await StartCallAsync(message, cancellationToken);
            case "dtmf":
                OnDtmf(message.Dtmf?.Digit);
                return true;
            case "mark" when message.Mark is { } mark:
                _call?.ReportMarkPlayed(mark.Name);
                return true;
            case "stop":
                _call?.End(new CallEnd(CallEndedBy.Caller, "stop"));
                return false;
            default:
                LogIgnored(_streamSid, $"event '{message?.Event}'");
                return true;
        }
    }

    private async ValueTask<bool> StartCallAsync(TwilioInboundMessage message, CancellationToken cancellationToken)
    {
        if (_call is not null)
        {
            LogIgnored(_streamSid, "second start");
            return true;
        }

        var start = message.Start;
        var streamSid = start?.StreamSid ?? message.StreamSid;
        var format = start?.MediaFormat;
        if (start?.CallSid is not { Length: > 0 } callSid || streamSid is not { Length: > 0 })
        {
            await CloseAsync(WebSocketCloseStatus.InvalidPayloadData, "start lacks callSid or streamSid");
            return false;
        }

        if (format is not null && (!string.Equals(format.Encoding, "audio/x-mulaw", StringComparison.OrdinalIgnoreCase) || format.SampleRate != 8000 || format.Channels != 1))
        {
            await CloseAsync(
                WebSocketCloseStatus.InvalidPayloadData, $"unsupported media format {format.Encoding}/{format.SampleRate}/{format.Channels}; expected audio/x-mulaw/8000/1");
            return false;
        }

        var parameters = start.CustomParameters ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var info = new CallStartInfo(
            callSid,
            parameters.GetValueOrDefault(_options.CallerParameter) ?? "",
            parameters.GetValueOrDefault(_options.CalleeParameter) ?? "",
            "PCMU/8000",
            DtmfCapability.Provider,
            parameters);

        _streamSid = streamSid;
        var call = _calls.Create(info, this);
        try
        {
            await call.StartAsync(cancellationToken);
        }
#pragma warning disable CA1031 // Whatever made the handler refuse, the answer on the line is the same: end the stream.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogRejected(e, streamSid, callSid);
            await call.DisposeAsync();
            await CloseAsync(WebSocketCloseStatus.InternalServerError, "call rejected");
            return false;
        }

        _call = call;
        LogStarted(streamSid, callSid);
        return true;
    }

    private void OnMedia(ReadOnlySpan<byte> mulaw)
    {
        if (_call is null)
        {
            return;
        }

        // Twilio sends 20 ms chunks, but nothing in the protocol promises it: regroup into whole frames.
        while (!mulaw.IsEmpty)
        {
            var take = Math.Min(mulaw.Length, MulawBytesPerFrame - _mulawInLength);
            mulaw[..take].CopyTo(_mulawIn.AsSpan(_mulawInLength));
            _mulawInLength += take;
            mulaw = mulaw[take..];
            if (_mulawInLength == MulawBytesPerFrame)
            {
                _decoder.Decode(_mulawIn, _callerFrame);
                _call.PostCallerAudio(_callerFrame);
                _mulawInLength = 0;
            }
        }
    }

    private void OnDtmf(string? digit)
    {
        if (digit is { Length: 1 } && Digits.Contains(digit[0], StringComparison.Ordinal))
        {
            _call?.PostDtmf(digit[0]);
        }
        else
        {
            LogIgnored(_streamSid, "dtmf without a single keypad digit");
        }
    }

    private void Enqueue(ReadOnlySpan<byte> json, bool isMedia)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(json.Length);
        json.CopyTo(buffer);
        Interlocked.Increment(ref _queuedOutbound);
        if (!_outbound.Writer.TryWrite(new OutboundMessage(buffer, json.Length, isMedia, Volatile.Read(ref _clearGeneration))))
        {
            Interlocked.Decrement(ref _queuedOutbound);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var broken = false;
        while (await _outbound.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (_outbound.Reader.TryRead(out var message))
            {
                Interlocked.Decrement(ref _queuedOutbound);
                try
                {
                    var stale = message.IsMedia && message.ClearGeneration != Volatile.Read(ref _clearGeneration);
                    if (!broken && !stale)
                    {
                        await _socket.SendAsync(message.Buffer.AsMemory(0, message.Length), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                    }
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // Keep draining so every pooled buffer goes back; the receive side sees the broken socket and ends the call.
                    broken = true;
                    LogStreamBroken(_streamSid, e.Message);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(message.Buffer);
                }
            }
        }
    }

    /// <summary>Stops taking messages, lets the send loop flush what is queued, then sends the close frame (once).</summary>
    private async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        _outbound.Writer.TryComplete();
        await _sending;
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _socket.CloseOutputAsync(status, reason, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            LogStreamBroken(_streamSid, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Twilio stream {StreamSid} started for call {CallSid}.")]
    private partial void LogStarted(string streamSid, string callSid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twilio stream {StreamSid}: the handler rejected call {CallSid}.")]
    private partial void LogRejected(Exception exception, string streamSid, string callSid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twilio stream {StreamSid}: malformed message skipped: {Reason}")]
    private partial void LogMalformed(string? streamSid, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Twilio stream {StreamSid}: ignored {What}.")]
    private partial void LogIgnored(string? streamSid, string what);

    [LoggerMessage(Level = LogLevel.Information, Message = "Twilio stream {StreamSid} broke: {Reason}")]
    private partial void LogStreamBroken(string? streamSid, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Twilio stream sent no start within {Timeout}; dropped the connection.")]
    private partial void LogNoStart(TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twilio stream {StreamSid}: send queue full ({Queued} messages); dropping agent audio.")]
    private partial void LogSendQueueFull(string? streamSid, int queued);
}
