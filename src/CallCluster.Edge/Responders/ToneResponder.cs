using CallCluster.Edge.Calls;
using CallCluster.Media.Frames;

namespace CallCluster.Edge.Responders;

/// <summary>
/// Answers every call with a sine tone followed by a mark, then stays silent: a known signal whose pacing, level and
/// frequency tests and benchmarks can measure on the far end. Each keypad digit replays the tone.
/// </summary>
public sealed class ToneResponder : ICallMediaHandler
{
    /// <summary>The mark placed after each tone.</summary>
    public const string ToneEndMark = "tone-end";

    private readonly double _frequencyHz;
    private readonly int _frames;
    private readonly short _amplitude;

    /// <param name="frequencyHz">Tone frequency; must be below the 8 kHz Nyquist limit of 16 kHz audio.</param>
    /// <param name="duration">Tone length, rounded up to whole 20 ms frames.</param>
    /// <param name="amplitude">Peak sample value; 8000 (about −12 dBFS) leaves headroom for codecs.</param>
    public ToneResponder(double frequencyHz = 440, TimeSpan? duration = null, short amplitude = 8000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frequencyHz);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frequencyHz, AudioFormat.SampleRate / 2.0);
        var length = duration ?? TimeSpan.FromSeconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        _frequencyHz = frequencyHz;
        _frames = (int)Math.Ceiling(length / AudioFormat.FrameDuration);
        _amplitude = amplitude;
    }

    /// <inheritdoc />
    public ValueTask<ICallMediaSession> AcceptCallAsync(CallStartInfo call, ICallMediaChannel channel, CancellationToken cancellationToken)
    {
        var session = new Session(this, channel);
        session.StartTone();
        return ValueTask.FromResult<ICallMediaSession>(session);
    }

    private sealed class Session(ToneResponder tone, ICallMediaChannel channel) : ICallMediaSession
    {
        private readonly short[] _frame = new short[AudioFormat.SamplesPerFrame];
        private readonly CancellationTokenSource _ended = new();
        private Task _playing = Task.CompletedTask;
        private long _sampleIndex;

        public void StartTone()
        {
            lock (_frame)
            {
                var previous = _playing;
                _playing = Task.Run(async () =>
                {
                    await previous;
                    await PlayAsync(_ended.Token);
                });
            }
        }

        public ValueTask OnCallerAudioAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnDtmfAsync(char digit, CancellationToken cancellationToken)
        {
            StartTone();
            return ValueTask.CompletedTask;
        }

        public ValueTask OnPlayoutMarkAsync(PlayoutMark mark, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public async ValueTask OnCallEndedAsync(CallEnd end, CancellationToken cancellationToken)
        {
            await _ended.CancelAsync();
            try
            {
                await _playing;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                // The call ended mid-tone: the channel refuses further audio, which is the point.
            }

            _ended.Dispose();
        }

        private async Task PlayAsync(CancellationToken cancellationToken)
        {
            var step = 2 * Math.PI * tone._frequencyHz / AudioFormat.SampleRate;
            for (var f = 0; f < tone._frames; f++)
            {
                for (var i = 0; i < _frame.Length; i++)
                {
                    _frame[i] = (short)(tone._amplitude * Math.Sin(step * _sampleIndex++));
                }

                await channel.SendAudioAsync(_frame, cancellationToken);
            }

            channel.Mark(ToneEndMark);
        }
    }
}
