using System.Collections.Concurrent;
using System.Threading.Channels;
using CallCluster.Edge.Calls;
using CallCluster.Load.Calls.Reporting;
using CallCluster.Media.Dtmf;
using CallCluster.Media.Frames;
using AudioFormat = CallCluster.Media.Frames.AudioFormat;
using CallCluster.Media.Vad;
using CallCluster.Speech.Abstractions;

namespace CallCluster.Load.Calls;

/// <summary>
/// The scripted caller on one call. Every decision runs on one loop fed by the edge's events (the agent's frames,
/// mark outcomes, the end), a 100 ms tick (for a line that goes quiet) and the speaking task's failures, so the
/// state needs no locks; speech synthesis and recognition run beside it and never hold up listening.
/// </summary>
internal sealed class ScriptedCallSession : ICallMediaSession
{
    private static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RecognitionTimeout = TimeSpan.FromSeconds(60);

    // About -36 dBFS: synthesisers pad with digital silence, and speech peaks far above this.
    private const int AudibleSample = 512;

    // A loopback line hands the far end each frame when it is prepared, up to a tick before the frame is sent and its
    // marks are reported: by the marks' clock, an echo of the caller's last word can end a tick or two before the
    // caller's own line does.
    private static readonly TimeSpan VoiceEndTolerance = 2 * AudioFormat.FrameDuration;

    private readonly CallScript _script;
    private readonly ITextToSpeech _textToSpeech;
    private readonly ISpeechToText _speechToText;
    private readonly ScriptedCallerOptions _options;
    private readonly TimeProvider _time;
    private readonly ICallMediaChannel _channel;
    private readonly Func<Func<string, TimeSpan>?> _digitSender;
    private readonly TaskCompletionSource<CallReport> _completion;
    private readonly Channel<SessionEvent> _events = Channel.CreateUnbounded<SessionEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly VoiceActivityDetector _vad;
    private readonly AgentTurnDetector _turns;
    private readonly PreRollBuffer _preRoll;
    private readonly List<CallExchange> _exchanges = [];
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly CancellationTokenSource _stopSpeaking = new();
    private readonly List<Task> _speaking = [];
    private long _answeredAt;
    private CallExchange? _speakingTurn;
    private CallExchange? _awaiting;
    private TimeSpan _awaitDeadline;
    private UtteranceCapture? _capture;
    private CallDisposition? _disposition;
    private bool _hangingUp;

    public ScriptedCallSession(
        CallScript script,
        ITextToSpeech textToSpeech,
        ISpeechToText speechToText,
        ScriptedCallerOptions options,
        TimeProvider time,
        ICallMediaChannel channel,
        Func<Func<string, TimeSpan>?> digitSender,
        TaskCompletionSource<CallReport> completion)
    {
        _script = script;
        _textToSpeech = textToSpeech;
        _speechToText = speechToText;
        _options = options;
        _time = time;
        _channel = channel;
        _digitSender = digitSender;
        _completion = completion;
        _vad = new VoiceActivityDetector(options.Vad);
        _turns = new AgentTurnDetector(options.EndOfTurnSilence, options.Vad);
        _preRoll = new PreRollBuffer((int)Math.Ceiling(options.PreRoll / AudioFormat.FrameDuration) + 1);
    }

    private TimeSpan Now => _time.GetElapsedTime(_answeredAt);

    public void Start()
    {
        _answeredAt = _time.GetTimestamp();
        _ = RunAsync();
    }

    public ValueTask OnCallerAudioAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken)
    {
        // The edge's buffer is only lent for this call; the loop gets a pooled copy and returns it.
        var copy = AudioBlockPool.Frames.Rent();
        frame.Span.CopyTo(copy);
        if (!_events.Writer.TryWrite(SessionEvent.Audio(copy, Now)))
        {
            AudioBlockPool.Frames.Return(copy);
        }

        return ValueTask.CompletedTask;
    }

    // Digits from the agent's side carry nothing the caller acts on.
    public ValueTask OnDtmfAsync(char digit, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnPlayoutMarkAsync(PlayoutMark mark, CancellationToken cancellationToken)
    {
        _events.Writer.TryWrite(SessionEvent.MarkOutcome(mark, Now));
        return ValueTask.CompletedTask;
    }

    public ValueTask OnCallEndedAsync(CallEnd end, CancellationToken cancellationToken)
    {
        _events.Writer.TryWrite(SessionEvent.Ended(end, Now));
        return ValueTask.CompletedTask;
    }

    private async Task RunAsync()
    {
        var ticker = _time.CreateTimer(_ => _events.Writer.TryWrite(SessionEvent.Tick(Now)), null, TickPeriod, TickPeriod);
        CallEnd end = default;
        var endedAt = TimeSpan.Zero;
        try
        {
            if (_options.WaitForGreeting)
            {
                var greeting = new CallExchange(0, null) { EndedAt = TimeSpan.Zero };
                _exchanges.Add(greeting);
                Await(greeting, TimeSpan.Zero, _options.AgentResponseTimeout);
            }
            else
            {
                await StartTurnAsync(1, TimeSpan.Zero);
            }

            await foreach (var e in _events.Reader.ReadAllAsync())
            {
                if (e.Kind == SessionEventKind.Ended)
                {
                    end = e.End;
                    endedAt = e.At;
                    break;
                }

                await HandleAsync(e);
            }
        }
#pragma warning disable CA1031 // A bug here must still end the call and report, not leave the caller's Completion hanging.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _errors.Enqueue($"the scripted caller failed: {e.Message}");
            _disposition ??= CallDisposition.LineFailed;
            end = new CallEnd(CallEndedBy.Edge, "caller-failed");
            endedAt = Now;
            await HangUpQuietlyAsync();
        }
        finally
        {
            await ticker.DisposeAsync();
            _events.Writer.TryComplete();
        }

        _completion.TrySetResult(await FinishAsync(end, endedAt));
    }

    private async ValueTask HandleAsync(SessionEvent e)
    {
        switch (e.Kind)
        {
            case SessionEventKind.Audio:
                try
                {
                    await OnFrameAsync(e.Samples.AsMemory(0, AudioFormat.SamplesPerFrame), e.At);
                }
                finally
                {
                    AudioBlockPool.Frames.Return(e.Samples!);
                }

                break;
            case SessionEventKind.Mark:
                await OnMarkAsync(e.Mark, e.At);
                break;
            default:
                await CheckAsync(e.At);
                break;
        }
    }

    private async ValueTask OnFrameAsync(ReadOnlyMemory<short> frame, TimeSpan at)
    {
        var activity = _vad.Process(frame.Span);
        _preRoll.Add(frame.Span);
        var signal = _turns.Observe(activity, at);
        if (signal == AgentTurnSignal.Started)
        {
            OpenCapture(_turns.TurnStart);
        }
        else
        {
            _capture?.Push(frame.Span);
        }

        if (signal == AgentTurnSignal.Ended)
        {
            await CloseCaptureAsync(at);
        }

        await CheckAsync(at);
    }

    private async ValueTask CheckAsync(TimeSpan now)
    {
        if (_hangingUp)
        {
            return;
        }

        if (now >= _options.MaxCallDuration)
        {
            await HangUpAsync(CallDisposition.TimedOut);
            return;
        }

        if (_turns.Check(now) == AgentTurnSignal.Ended)
        {
            await CloseCaptureAsync(now);
        }

        if (_awaiting is null)
        {
            return;
        }

        if (_awaiting.Response is null)
        {
            if (now >= _awaitDeadline)
            {
                // The agent said nothing in time: the turn stands with no answer and the script goes on.
                await NextTurnAsync(now);
            }

            return;
        }

        var next = NextTurn;
        if (next?.BargeInAfter is { } bargeIn && _awaiting.Response.IsOpen && now - _awaiting.Response.StartedAt >= bargeIn)
        {
            // The interrupted utterance keeps listening until the agent stops; it stays the answer to the turn before.
            _awaiting.Response.Interrupted = true;
            await NextTurnAsync(now);
        }
    }

    private int TurnsStarted => _exchanges.Count - (_options.WaitForGreeting ? 1 : 0);

    private CallerTurn? NextTurn => TurnsStarted < _script.Turns.Count ? _script.Turns[TurnsStarted] : null;

    private void OpenCapture(TimeSpan startedAt)
    {
        CallExchange? owner = null;
        if (_awaiting is { Response: null })
        {
            owner = _awaiting;
        }
        else if (_speakingTurn is not null)
        {
            // The agent talks while the caller does: it answers this turn only if it is still talking when the caller stops.
            owner = _speakingTurn;
        }

        var capture = new UtteranceCapture(_speechToText, _options.Hints, owner, startedAt);
        if (owner == _awaiting && owner is not null)
        {
            owner.Response = capture;
        }

        _preRoll.CopyTo(capture);
        _capture = capture;
    }

    private async ValueTask CloseCaptureAsync(TimeSpan now)
    {
        var capture = _capture;
        if (capture is null)
        {
            return;
        }

        _capture = null;
        capture.Close(_turns.LastVoice);
        if (capture.Owner is { } owner && owner.Response == capture && owner == _awaiting)
        {
            await NextTurnAsync(now);
        }
    }

    private async ValueTask OnMarkAsync(PlayoutMark mark, TimeSpan at)
    {
        if (mark.Outcome != PlayoutMarkOutcome.Played || _speakingTurn is not { } turn)
        {
            return;
        }

        if (mark.Name == CallerLineMark.Start(turn.Index))
        {
            turn.StartedAt = at;
            turn.OverlappedAgent = _turns.AgentSpeaking;
        }
        else if (mark.Name == CallerLineMark.End(turn.Index))
        {
            // The caller stopped speaking where its voice ended, not where the synthesiser's trailing silence did.
            var stopped = at - turn.TrailingSilence < turn.StartedAt ? turn.StartedAt : at - turn.TrailingSilence;
            turn.EndedAt = stopped;
            _speakingTurn = null;
            Await(turn, at, _options.AgentResponseTimeout);
            if (_capture is { } talking)
            {
                if (!AgentTalkedUntil(stopped) || (!_turns.AgentSpeaking && talking.Owner != turn))
                {
                    // The agent fell silent while the caller spoke (it yielded to a barge-in, or said a short "mm-hmm"):
                    // that utterance is over, and whatever it says next is the answer to this turn.
                    talking.Close(_turns.LastVoice);
                    _capture = null;
                    _turns.EndTurn();
                }
                else if (talking.Owner == turn)
                {
                    turn.Response = talking;
                }
                else
                {
                    // The agent is still on its previous utterance: that one ends here and the rest answers this turn.
                    talking.Close(at);
                    OpenCapture(at);
                }
            }

            await CheckAsync(at);
        }
    }

    /// <summary>
    /// Whether the agent's voice lasted until <paramref name="callerStopped"/>, judged by where its sound ended, not by the
    /// VAD's verdict at the line's end mark: that mark comes after the synthesiser's trailing silence, which is about as
    /// long as the VAD's hangover, so the verdict there turned on a tick either way for an agent (an echo) whose voice
    /// ends with the caller's.
    /// </summary>
    private bool AgentTalkedUntil(TimeSpan callerStopped) =>
        _turns.AgentSpeaking || _turns.LastSound >= callerStopped - VoiceEndTolerance;

    private void Await(CallExchange exchange, TimeSpan from, TimeSpan timeout)
    {
        _awaiting = exchange;
        _awaitDeadline = from + timeout;
    }

    private async ValueTask NextTurnAsync(TimeSpan now)
    {
        _awaiting = null;
        var index = TurnsStarted + 1;
        if (index > _script.Turns.Count)
        {
            await HangUpAsync(CallDisposition.Completed);
            return;
        }

        await StartTurnAsync(index, now);
    }

    private async ValueTask StartTurnAsync(int index, TimeSpan now)
    {
        var turn = _script.Turns[index - 1];
        var exchange = new CallExchange(index, turn) { StartedAt = now, OverlappedAgent = _turns.AgentSpeaking };
        _exchanges.Add(exchange);
        switch (turn.Kind)
        {
            case CallerTurnKind.HangUp:
                exchange.EndedAt = now;
                await HangUpAsync(CallDisposition.Completed);
                break;
            case CallerTurnKind.Silence:
                exchange.EndedAt = now;
                Await(exchange, now, turn.Silence!.Value);
                break;
            default:
                _speakingTurn = exchange;
                _speaking.Add(Task.Run(() => SpeakAsync(exchange, _stopSpeaking.Token)));
                break;
        }
    }

    private async Task SpeakAsync(CallExchange exchange, CancellationToken cancellationToken)
    {
        var turn = exchange.Turn!;
        try
        {
            _channel.Mark(CallerLineMark.Start(exchange.Index));
            if (turn.Kind == CallerTurnKind.Say)
            {
                await SayAsync(exchange, turn.Text, cancellationToken);
            }
            else if (_digitSender() is { } sendDigits)
            {
                await HoldLineAsync(sendDigits(turn.Text), cancellationToken);
            }
            else
            {
                await PlayDigitsAsync(exchange, turn.Text, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (ObjectDisposedException)
        {
            // The call ended while the caller was speaking.
            return;
        }
        catch (Exception e) when (e is SpeechProviderException or NotSupportedException or InvalidOperationException)
        {
            _errors.Enqueue($"turn {exchange.Index} ({turn}) could not be played: {e.Message}");
        }

        try
        {
            // Placed even after a failure, so the script goes on to listen for the agent.
            _channel.Mark(CallerLineMark.End(exchange.Index));
        }
        catch (ObjectDisposedException)
        {
            // The call is over.
        }
    }

    private async Task SayAsync(CallExchange exchange, string text, CancellationToken cancellationToken)
    {
        var frame = new short[AudioFormat.SamplesPerFrame];
        var filled = 0;
        await foreach (var chunk in _textToSpeech.SynthesizeAsync(text, cancellationToken))
        {
            using (chunk)
            {
                var samples = chunk.Samples;
                while (samples.Length > 0)
                {
                    var count = Math.Min(samples.Length, frame.Length - filled);
                    samples.Span[..count].CopyTo(frame.AsSpan(filled));
                    filled += count;
                    samples = samples[count..];
                    if (filled == frame.Length)
                    {
                        await SendAsync(exchange, frame, cancellationToken);
                        filled = 0;
                    }
                }
            }
        }

        if (filled > 0)
        {
            frame.AsSpan(filled).Clear();
            await SendAsync(exchange, frame, cancellationToken);
        }
    }

    private ValueTask SendAsync(CallExchange exchange, short[] frame, CancellationToken cancellationToken)
    {
        exchange.TrailingSilence = IsAudible(frame) ? TimeSpan.Zero : exchange.TrailingSilence + AudioFormat.FrameDuration;
        return _channel.SendAudioAsync(frame, cancellationToken);
    }

    private static bool IsAudible(ReadOnlySpan<short> frame)
    {
        foreach (var sample in frame)
        {
            if (Math.Abs((int)sample) >= AudibleSample)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Keeps a keyed line open on the caller's playout while its out-of-band keys are on the wire: one frame per tick,
    /// which the leg's telephone events replace tick for tick (RFC 4733), so the line's end mark is reported once the
    /// last key has gone out. Sent past <see cref="SendAsync"/>: these frames are keys on the line, not trailing silence.
    /// </summary>
    private async Task HoldLineAsync(TimeSpan keysOnTheWire, CancellationToken cancellationToken)
    {
        var frame = new short[AudioFormat.SamplesPerFrame];
        for (var held = TimeSpan.Zero; held < keysOnTheWire; held += AudioFormat.FrameDuration)
        {
            await _channel.SendAudioAsync(frame, cancellationToken);
        }
    }

    private async Task PlayDigitsAsync(CallExchange exchange, string digits, CancellationToken cancellationToken)
    {
        var generator = new DtmfGenerator();
        generator.Enqueue(digits);
        var frame = new short[AudioFormat.SamplesPerFrame];
        while (generator.IsBusy)
        {
            generator.Fill(frame);
            await SendAsync(exchange, frame, cancellationToken);
        }
    }

    private async ValueTask HangUpAsync(CallDisposition disposition)
    {
        if (_hangingUp)
        {
            return;
        }

        _hangingUp = true;
        _disposition ??= disposition;
        await _stopSpeaking.CancelAsync();
        await HangUpQuietlyAsync();
    }

    private async ValueTask HangUpQuietlyAsync()
    {
        try
        {
            await _channel.HangUpAsync(CancellationToken.None);
        }
#pragma warning disable CA1031 // The line may be gone already; the call is over either way and the report says how.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _errors.Enqueue($"hanging up failed: {e.Message}");
        }
    }

    private async Task<CallReport> FinishAsync(CallEnd end, TimeSpan endedAt)
    {
        await _stopSpeaking.CancelAsync();
        await Task.WhenAll(_speaking);
        _stopSpeaking.Dispose();
        _capture?.Close(_turns.LastVoice);
        while (_events.Reader.TryRead(out var left))
        {
            if (left.Samples is { } samples)
            {
                AudioBlockPool.Frames.Return(samples);
            }
        }

        var errors = new List<string>();
        AgentUtterance? greeting = null;
        var turns = new List<CallTurnReport>();
        foreach (var exchange in _exchanges)
        {
            if (exchange.Turn is null)
            {
                greeting = exchange.Response is null ? null : await exchange.Response.ResultAsync(RecognitionTimeout, errors);
            }
            else
            {
                turns.Add(await exchange.ToReportAsync(RecognitionTimeout, errors));
            }
        }

        var disposition = _disposition ?? end.By switch
        {
            // On the caller's own leg the "caller" side of the edge is the far end: the agent.
            CallEndedBy.Caller => CallDisposition.AgentHungUp,
            CallEndedBy.Agent => CallDisposition.Completed,
            _ => CallDisposition.LineFailed,
        };
        return new CallReport(_channel.Call.CallId, _channel.Call.Codec, greeting, turns, disposition, end.Reason ?? "unknown", endedAt, [.. _errors, .. errors]);
    }
}
