using CallCluster.Media.Frames;
using CallCluster.Media.Tones;

namespace CallCluster.Media.Dtmf;

/// <summary>
/// Plays queued digits as in-band DTMF into 16 kHz frames: each digit's row and column tones for
/// <see cref="ToneDuration"/>, then <see cref="GapDuration"/> of silence. For IVRs that listen to audio
/// rather than RFC 4733 events. Not thread-safe.
/// </summary>
public sealed class DtmfGenerator
{
    private readonly Queue<char> pending = new();
    private readonly int toneSamples;
    private readonly int gapSamples;
    private readonly double amplitude;
    private ToneGenerator? tone;
    private int remainingTone;
    private int remainingGap;

    /// <param name="toneDuration">Default 100 ms: twice the 40 ms minimum of ITU-T Q.24, reliable across codecs.</param>
    /// <param name="gapDuration">Default 100 ms: well above the 40 ms minimum pause.</param>
    /// <param name="amplitude">Each tone's peak, 0–0.5 of full scale. Default 0.2 (about -14 dBFS per tone).</param>
    public DtmfGenerator(TimeSpan? toneDuration = null, TimeSpan? gapDuration = null, double amplitude = 0.2)
    {
        ToneDuration = toneDuration ?? TimeSpan.FromMilliseconds(100);
        GapDuration = gapDuration ?? TimeSpan.FromMilliseconds(100);
        if (ToneDuration < TimeSpan.FromMilliseconds(40) || GapDuration < TimeSpan.FromMilliseconds(40))
        {
            throw new ArgumentOutOfRangeException(nameof(toneDuration), "DTMF tones and gaps must last at least 40 ms to be detected.");
        }

        toneSamples = (int)(ToneDuration.TotalSeconds * AudioFormat.SampleRate);
        gapSamples = (int)(GapDuration.TotalSeconds * AudioFormat.SampleRate);
        this.amplitude = amplitude;
    }

    public TimeSpan ToneDuration { get; }

    public TimeSpan GapDuration { get; }

    /// <summary>True while digits are queued or playing.</summary>
    public bool IsBusy => remainingTone > 0 || remainingGap > 0 || pending.Count > 0;

    /// <summary>Queues digits (0-9, *, #, A-D); the whole string is checked before any is queued.</summary>
    public void Enqueue(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        foreach (var digit in digits)
        {
            _ = DtmfDigits.ToEvent(digit);
        }

        foreach (var digit in digits)
        {
            pending.Enqueue(digit);
        }
    }

    /// <summary>Writes the next samples: tones, gaps, or silence once idle. Returns whether anything was playing.</summary>
    public bool Fill(Span<short> samples)
    {
        var busy = IsBusy;
        var written = 0;
        while (written < samples.Length)
        {
            if (remainingTone > 0)
            {
                var count = Math.Min(remainingTone, samples.Length - written);
                tone!.Fill(samples.Slice(written, count));
                remainingTone -= count;
                written += count;
            }
            else if (remainingGap > 0)
            {
                var count = Math.Min(remainingGap, samples.Length - written);
                samples.Slice(written, count).Clear();
                remainingGap -= count;
                written += count;
            }
            else if (pending.TryDequeue(out var digit))
            {
                var (low, high) = DtmfDigits.Frequencies(digit);
                tone = new ToneGenerator(low, high, amplitude);
                remainingTone = toneSamples;
                remainingGap = gapSamples;
            }
            else
            {
                samples[written..].Clear();
                break;
            }
        }

        return busy;
    }
}
