using System.Diagnostics;
using CallCluster.Edge.Calls;
using CallCluster.Media.Dtmf;
using CallCluster.Media.Vad;
using CallCluster.Speech.Abstractions;
using AudioFormat = CallCluster.Media.Frames.AudioFormat;

namespace CallCluster.EndToEnd.Tests.Caller;

/// <summary>
/// A small agent for testing the caller: it greets with espeak speech, answers each caller utterance (its VAD's end
/// of speech plus a short pause) or each digit string ending in '#' with its next line, stops talking when the caller
/// speaks over it (clears its playout, as the call grain does on barge-in), and reprompts once after a silence.
/// Everything it notices goes into <see cref="Log"/>, stamped with its own clock.
/// </summary>
internal sealed class SpeakingResponder(ITextToSpeech textToSpeech, string greeting, params string[] answers) : ICallMediaHandler
{
    private static readonly TimeSpan ResponsePause = TimeSpan.FromMilliseconds(300);
    // Caller "speech" shorter than this (VAD hangover included) is noise, not a turn: on a loaded machine a late RTP
    // packet is concealed by the codec's PLC, which the VAD can hear as a short burst.
    private static readonly TimeSpan MinUtterance = TimeSpan.FromMilliseconds(500);

    private readonly ITextToSpeech _textToSpeech = textToSpeech;
    private readonly string[] _answers = answers;
    private readonly List<ResponderEvent> _log = [];
    private readonly Stopwatch _clock = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Said once when the caller has said nothing for this long after the responder's last line; null for never.</summary>
    public string? Reprompt { get; init; }

    public TimeSpan NoInputTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Hang up when the caller speaks again after the last answer was given.</summary>
    public bool HangUpWhenOutOfAnswers { get; init; }

    /// <summary>Listen for in-band DTMF tones too (digits then never count as speech).</summary>
    public bool DetectInBandDigits { get; init; }

    public Task Ended => _ended.Task;

    public IReadOnlyList<ResponderEvent> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    public string DigitsReceived => string.Concat(Log.Where(e => e.Kind == "digit").Select(e => e.Text));

    public ValueTask<ICallMediaSession> AcceptCallAsync(CallStartInfo call, ICallMediaChannel channel, CancellationToken cancellationToken)
    {
        _clock.Start();
        var session = new Session(this, channel);
        session.Speak(greeting);
        return ValueTask.FromResult<ICallMediaSession>(session);
    }

    private void Add(string kind, string text = "")
    {
        lock (_log)
        {
            _log.Add(new ResponderEvent(kind, text, _clock.Elapsed));
        }
    }

    private sealed class Session(SpeakingResponder owner, ICallMediaChannel channel) : ICallMediaSession, IDisposable
    {
        private readonly VoiceActivityDetector _vad = new();
        private readonly DtmfDetector? _tones = owner.DetectInBandDigits ? new DtmfDetector() : null;
        private readonly char[] _digits = new char[8];
        private readonly CancellationTokenSource _hangUp = new();
        private CancellationTokenSource? _line;
        private int _nextAnswer;
        private int _speakingLine = -1;
        private int _lines;
        private bool _callerSpeaking;
        private bool _digitsInUtterance;
        private bool _reprompted;
        private TimeSpan _quietSince;
        private TimeSpan _callerStartedAt;
        private TimeSpan? _answerAt;

        private TimeSpan Now => owner._clock.Elapsed;

        private bool IsSpeaking => Volatile.Read(ref _speakingLine) >= 0;

        public void Speak(string text)
        {
            var line = _lines++;
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(_hangUp.Token);
            Interlocked.Exchange(ref _line, cancel)?.Cancel();
            Volatile.Write(ref _speakingLine, line);
            owner.Add("say", text);
            _ = Task.Run(async () =>
            {
                var frame = new short[AudioFormat.SamplesPerFrame];
                var filled = 0;
                try
                {
                    await foreach (var chunk in owner._textToSpeech.SynthesizeAsync(text, cancel.Token))
                    {
                        using (chunk)
                        {
                            var samples = chunk.Samples;
                            while (samples.Length > 0)
                            {
                                var count = Math.Min(samples.Length, frame.Length - filled);
                                samples[..count].Span.CopyTo(frame.AsSpan(filled));
                                filled += count;
                                samples = samples[count..];
                                if (filled == frame.Length)
                                {
                                    await channel.SendAudioAsync(frame, cancel.Token);
                                    filled = 0;
                                }
                            }
                        }
                    }

                    channel.Mark($"line-{line}");
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
                {
                    // The call ended while speaking.
                }
            });
        }

        public ValueTask OnCallerAudioAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken)
        {
            var now = Now;
            if (_tones is not null && _tones.Process(frame.Span, _digits) is var count and > 0)
            {
                _digitsInUtterance = true;
                for (var i = 0; i < count; i++)
                {
                    OnDigit(_digits[i]);
                }
            }

            var speech = _vad.Process(frame.Span).IsSpeech;
            if (speech && !_callerSpeaking)
            {
                _callerSpeaking = true;
                _callerStartedAt = now;
                _answerAt = null;
                owner.Add("caller-started", IsSpeaking ? "while-speaking" : string.Empty);
            }
            else if (!speech && _callerSpeaking)
            {
                _callerSpeaking = false;
                var noise = now - _callerStartedAt < MinUtterance;
                owner.Add(noise ? "caller-noise" : "caller-stopped");
                if (!_digitsInUtterance && !noise)
                {
                    _answerAt = now + ResponsePause;
                }

                _digitsInUtterance = false;
            }

            if (_callerSpeaking && IsSpeaking && now - _callerStartedAt >= MinUtterance)
            {
                // The caller talks over us: stop, as the call grain does, and answer once they are done.
                _line?.Cancel();
                Volatile.Write(ref _speakingLine, -1);
                channel.ClearPlayout();
                _quietSince = now;
                owner.Add("barged-in");
            }

            if (!IsSpeaking && !_callerSpeaking)
            {
                if (_answerAt is { } at && now >= at)
                {
                    _answerAt = null;
                    Answer();
                }
                else if (owner.Reprompt is { } reprompt && !_reprompted && _answerAt is null && now - _quietSince >= owner.NoInputTimeout)
                {
                    _reprompted = true;
                    Speak(reprompt);
                }
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask OnDtmfAsync(char digit, CancellationToken cancellationToken)
        {
            OnDigit(digit);
            return ValueTask.CompletedTask;
        }

        public ValueTask OnPlayoutMarkAsync(PlayoutMark mark, CancellationToken cancellationToken)
        {
            if (mark.Name == $"line-{Volatile.Read(ref _speakingLine)}")
            {
                Volatile.Write(ref _speakingLine, -1);
                _quietSince = Now;
                owner.Add(mark.Outcome == PlayoutMarkOutcome.Played ? "said" : "cut-off", mark.Name);
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask OnCallEndedAsync(CallEnd end, CancellationToken cancellationToken)
        {
            owner.Add("ended", $"{end.By} {end.Reason}");
            Dispose();
            owner._ended.TrySetResult();
            return ValueTask.CompletedTask;
        }

        public void Dispose()
        {
            _hangUp.Cancel();
            _hangUp.Dispose();
            _tones?.Dispose();
        }

        private void OnDigit(char digit)
        {
            owner.Add("digit", digit.ToString());
            if (digit == '#')
            {
                _answerAt = Now + ResponsePause;
            }
        }

        private void Answer()
        {
            if (_nextAnswer < owner._answers.Length)
            {
                Speak(owner._answers[_nextAnswer++]);
            }
            else if (owner.HangUpWhenOutOfAnswers)
            {
                owner.Add("hang-up");
                _ = channel.HangUpAsync(CancellationToken.None).AsTask();
            }
        }
    }
}

/// <summary>Something the responder noticed or did, at its own clock's time.</summary>
internal sealed record ResponderEvent(string Kind, string Text, TimeSpan At);
