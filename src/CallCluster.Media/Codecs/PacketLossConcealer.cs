using System.Numerics;
using System.Runtime.CompilerServices;
using CallCluster.Media.Frames;

namespace CallCluster.Media.Codecs;

/// <summary>
/// Pitch-repetition packet-loss concealment at 16 kHz, after ITU-T G.711 Appendix I: on a loss, find the pitch
/// period of the last 20 ms by normalised autocorrelation (50–200 Hz), repeat the last period, hold full level
/// for 10 ms and fade to silence by 60 ms, and cross-fade back into real audio when it returns.
/// spandsp's PLC does the same at 8 kHz, but its pitch search (40–120 samples) misses typical male voices
/// at 16 kHz and conceals them nearly silent, so the wideband codecs use this one.
/// Allocation-free after construction; one instance per decoder.
/// <para>
/// Its loops are compiled fully optimised on first use (<see cref="MethodImplOptions.AggressiveOptimization"/>). It runs
/// only on loss, so tiered compilation would keep it unoptimised for a long time (its tier-1 compile waits for a
/// background thread that starves under load), and a loss burst on 250 calls then held an edge's playout thread for
/// 100–400 ms: unoptimised, the pitch search costs about a millisecond per call instead of microseconds.
/// </para>
/// </summary>
public sealed class PacketLossConcealer
{
    private const int MinPitch = AudioFormat.SampleRate / 200;
    private const int MaxPitch = AudioFormat.SampleRate / 50;
    private const int CorrelationLength = AudioFormat.SampleRate / 50;
    private const int HistoryLength = CorrelationLength + MaxPitch;
    private const int FullLevelSamples = AudioFormat.SampleRate / 100;
    private const int SilentAfterSamples = AudioFormat.SampleRate * 60 / 1000;
    private const int MaxOverlap = MaxPitch / 4;

    private readonly short[] history = new short[HistoryLength];
    private readonly short[] period = new short[MaxPitch];
    private readonly double[] historyWide = new double[HistoryLength];
    private int pitch;
    private int lostSamples;

    /// <summary>Records received audio; right after a loss it cross-fades the first samples in place from the concealment into it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Received(Span<short> samples)
    {
        if (lostSamples > 0)
        {
            var overlap = Math.Min(Math.Min(pitch / 4, MaxOverlap), samples.Length);
            for (var i = 0; i < overlap; i++)
            {
                var weight = (i + 1) / (double)(overlap + 1);
                var synthetic = Synthesize(lostSamples + i);
                samples[i] = Saturate((weight * samples[i]) + ((1 - weight) * synthetic));
            }

            lostSamples = 0;
        }

        Remember(samples);
    }

    /// <summary>Fills <paramref name="samples"/> for a gap, continuing any gap already under way.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillIn(Span<short> samples)
    {
        if (lostSamples == 0)
        {
            pitch = EstimatePitch();
            history.AsSpan(HistoryLength - pitch, pitch).CopyTo(period);
        }

        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = Saturate(Synthesize(lostSamples + i));
        }

        lostSamples += samples.Length;
        Remember(samples);
    }

    private static short Saturate(double value) => (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);

    private double Synthesize(int gapPosition)
    {
        double gain = gapPosition < FullLevelSamples
            ? 1
            : Math.Max(0, 1 - ((gapPosition - FullLevelSamples) / (double)(SilentAfterSamples - FullLevelSamples)));
        return gain == 0 ? 0 : period[gapPosition % pitch] * gain;
    }

    private void Remember(ReadOnlySpan<short> samples)
    {
        if (samples.Length >= HistoryLength)
        {
            samples[^HistoryLength..].CopyTo(history);
            return;
        }

        history.AsSpan(samples.Length).CopyTo(history);
        samples.CopyTo(history.AsSpan(HistoryLength - samples.Length));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int EstimatePitch()
    {
        // In doubles, every product (at most 2^30) and every sum (at most 2^39) is an exact integer, so the vectorised,
        // sliding-window search below picks exactly the lag the plain double loop would, at a fraction of the cost: a
        // loss burst on hundreds of calls starts this search on every call at once.
        var wide = historyWide.AsSpan();
        for (var i = 0; i < HistoryLength; i++)
        {
            wide[i] = history[i];
        }

        ReadOnlySpan<double> recent = wide[(HistoryLength - CorrelationLength)..];
        var energy = SumOfSquares(wide.Slice(HistoryLength - CorrelationLength - MinPitch, CorrelationLength));
        var best = MaxPitch;
        var bestScore = 0.0;
        for (var lag = MinPitch; lag <= MaxPitch; lag++)
        {
            var start = HistoryLength - CorrelationLength - lag;
            var dot = Dot(recent, wide.Slice(start, CorrelationLength));

            // Normalised by the earlier segment's energy only: the recent energy is the same for every lag.
            var score = energy > 0 ? dot / Math.Sqrt(energy) : 0;
            if (score > bestScore)
            {
                bestScore = score;
                best = lag;
            }

            if (lag < MaxPitch)
            {
                // The next lag's segment starts one sample earlier and ends one earlier.
                energy += (wide[start - 1] * wide[start - 1]) - (wide[start + CorrelationLength - 1] * wide[start + CorrelationLength - 1]);
            }
        }

        return best;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = Vector<double>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<double>.Count; i += Vector<double>.Count)
        {
            sum += new Vector<double>(a[i..]) * new Vector<double>(b[i..]);
        }

        var total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    private static double SumOfSquares(ReadOnlySpan<double> samples) => Dot(samples, samples);
}
