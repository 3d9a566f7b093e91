using CallCluster.Edge.Calls;
using CallCluster.Media.Frames;
using CallCluster.Media.Tones;

namespace CallCluster.Edge.Tests.Support;

/// <summary>
/// The far end of a test call, as a handler on a second edge: it talks a continuous sine tone for as long as the call
/// lasts and keeps what it hears, so a test can ask what frequency came through the line (real RTP, real codecs).
/// </summary>
internal sealed class TonePhone(double frequencyHz) : ICallMediaHandler
{
    private readonly List<short[]> _heard = [];
    private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Accepted => _accepted.Task;

    /// <summary>The dominant-frequency check over the last half second heard: is <paramref name="frequency"/> there, clearly above <paramref name="other"/>?</summary>
    public bool Hears(double frequency, double other)
    {
        var recent = Recent(25);
        return recent.Length > 0 && Audio.Rms(recent) > 300
            && Sip.Spectrum.Power(recent, AudioFormat.SampleRate, frequency) > 20 * Sip.Spectrum.Power(recent, AudioFormat.SampleRate, other);
    }

    /// <summary>RMS of the last half second heard (0 before anything arrived).</summary>
    public double RecentLevel() => Recent(25) is { Length: > 0 } recent ? Audio.Rms(recent) : 0;

    public ValueTask<ICallMediaSession> AcceptCallAsync(CallStartInfo call, ICallMediaChannel channel, CancellationToken cancellationToken)
    {
        var session = new Session(this);
        _ = session.TalkAsync(channel, frequencyHz);
        _accepted.TrySetResult();
        return ValueTask.FromResult<ICallMediaSession>(session);
    }

    private short[] Recent(int frames)
    {
        lock (_heard)
        {
            return [.. _heard.TakeLast(frames).SelectMany(f => f)];
        }
    }

    private sealed class Session(TonePhone phone) : ICallMediaSession
    {
        private readonly CancellationTokenSource _ended = new();

        public async Task TalkAsync(ICallMediaChannel channel, double frequency)
        {
            var tone = new ToneGenerator(frequency, amplitude: 0.25);
            var frame = new short[AudioFormat.SamplesPerFrame];
            try
            {
                while (!_ended.IsCancellationRequested)
                {
                    tone.Fill(frame);
                    await channel.SendAudioAsync(frame, _ended.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                // The call ended.
            }
        }

        public ValueTask OnCallerAudioAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken)
        {
            lock (phone._heard)
            {
                phone._heard.Add(frame.ToArray());
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask OnDtmfAsync(char digit, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnPlayoutMarkAsync(PlayoutMark mark, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public async ValueTask OnCallEndedAsync(CallEnd end, CancellationToken cancellationToken) => await _ended.CancelAsync();
    }
}
