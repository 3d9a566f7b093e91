using CallCluster.Media.Frames;

namespace CallCluster.Media.Tones;

/// <summary>
/// A sine or a sum of two sines (dual tone: DTMF, ringback, busy) at 16 kHz, with continuous phase across calls,
/// so consecutive frames join without clicks. Allocation-free.
/// </summary>
public sealed class ToneGenerator
{
    private readonly double step1;
    private readonly double step2;
    private readonly double amplitude;
    private double phase1;
    private double phase2;

    /// <param name="frequency">First tone in Hz.</param>
    /// <param name="secondFrequency">Second tone in Hz, or 0 for a single sine.</param>
    /// <param name="amplitude">Peak amplitude of each tone, 0–1 of full scale (so a dual tone peaks at twice this).</param>
    /// <param name="sampleRate">Output rate; defaults to the internal 16 kHz.</param>
    public ToneGenerator(double frequency, double secondFrequency = 0, double amplitude = 0.25, int sampleRate = AudioFormat.SampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        if (frequency <= 0 || frequency >= sampleRate / 2.0 || secondFrequency < 0 || secondFrequency >= sampleRate / 2.0)
        {
            throw new ArgumentOutOfRangeException(nameof(frequency), $"Tones must lie between 0 and {sampleRate / 2} Hz (got {frequency} and {secondFrequency}).");
        }

        var peak = secondFrequency > 0 ? amplitude * 2 : amplitude;
        if (amplitude <= 0 || peak > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(amplitude), $"Amplitude {amplitude} would clip (peak {peak} of full scale).");
        }

        step1 = 2 * Math.PI * frequency / sampleRate;
        step2 = 2 * Math.PI * secondFrequency / sampleRate;
        this.amplitude = amplitude * short.MaxValue;
    }

    /// <summary>Writes the next <paramref name="samples"/>.Length samples of the tone.</summary>
    public void Fill(Span<short> samples)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            var value = Math.Sin(phase1) + (step2 > 0 ? Math.Sin(phase2) : 0);
            samples[i] = (short)Math.Round(value * amplitude);
            phase1 += step1;
            phase2 += step2;
        }

        // Keep the phases small so precision does not drain away over a long call.
        phase1 %= 2 * Math.PI;
        phase2 %= 2 * Math.PI;
    }
}
