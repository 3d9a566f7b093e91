using System.Numerics;
using System.Runtime.CompilerServices;

namespace CallCluster.Media.Resampling;

/// <summary>
/// The 63-tap half-band low-pass (cut-off a quarter of the higher rate) behind <see cref="HalfBandDecimator"/> and
/// <see cref="HalfBandInterpolator"/>: a Kaiser-windowed sinc (β 5.65, about 60 dB stop-band rejection), passing
/// telephone speech (up to 3.4 kHz at 16 kHz) flat. A half-band filter's even taps are zero except the centre (½), so
/// only the 16 odd taps each side cost a multiply: an exact 2:1 conversion at a tenth of a general resampler's work.
/// The per-frame loops here and in the converters are compiled fully optimised on first use: the first seconds of a
/// busy edge would otherwise run them unoptimised on the playout threads (see <see cref="Codecs.PacketLossConcealer"/>).
/// </summary>
internal static class HalfBandFilter
{
    /// <summary>Non-zero taps each side of the centre: taps at distance 1, 3, …, 31.</summary>
    public const int OddTapsPerSide = 16;

    /// <summary>Distance from the centre tap to the last tap, in samples at the higher rate.</summary>
    public const int Reach = (2 * OddTapsPerSide) - 1;

    private const double KaiserBeta = 5.65;

    /// <summary>Tap at distance 2i + 1 from the centre, scaled so the DC gain is exactly one.</summary>
    public static readonly float[] OddTaps = Design();

    private static float[] Design()
    {
        var taps = new double[OddTapsPerSide];
        var sum = 0.0;
        for (var i = 0; i < OddTapsPerSide; i++)
        {
            var k = (2 * i) + 1;
            var sinc = Math.Sin(Math.PI * k / 2) / (Math.PI * k / 2);
            var position = k / (double)Reach;
            var window = BesselI0(KaiserBeta * Math.Sqrt(1 - (position * position))) / BesselI0(KaiserBeta);
            taps[i] = 0.5 * sinc * window;
            sum += taps[i];
        }

        // Centre ½ plus both sides must sum to 1: each side sums to ¼.
        return [.. taps.Select(t => (float)(t * 0.25 / sum))];
    }

    /// <summary>The modified Bessel function of the first kind, order zero, by its power series.</summary>
    private static double BesselI0(double x)
    {
        double sum = 1, term = 1;
        for (var k = 1; term > 1e-12 * sum; k++)
        {
            term *= x * x / (4.0 * k * k);
            sum += term;
        }

        return sum;
    }

    /// <summary>
    /// For every j in <paramref name="sum"/>: adds the odd taps applied around the point halfway between
    /// source[j + <see cref="OddTapsPerSide"/> - 1] and the sample after it. Vectorised across j: each tap is one
    /// multiply-add over a whole frame, which is what makes the filter cheap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateOddTaps(ReadOnlySpan<float> source, Span<float> sum)
    {
        var width = Vector<float>.Count;
        for (var i = 0; i < OddTapsPerSide; i++)
        {
            var before = source[(OddTapsPerSide - 1 - i)..];
            var after = source[(OddTapsPerSide + i)..];
            var tap = OddTaps[i];
            var j = 0;
            for (; j <= sum.Length - width; j += width)
            {
                var total = new Vector<float>(sum[j..]) + (tap * (new Vector<float>(before[j..]) + new Vector<float>(after[j..])));
                total.CopyTo(sum[j..]);
            }

            for (; j < sum.Length; j++)
            {
                sum[j] += tap * (before[j] + after[j]);
            }
        }
    }

    public static short Saturate(float value) => (short)Math.Clamp(MathF.Round(value), short.MinValue, short.MaxValue);
}
