using System.Runtime.CompilerServices;

namespace CallCluster.Media.Resampling;

/// <summary>
/// Streaming exact 2:1 downsampler (16 kHz to 8 kHz) through the <see cref="HalfBandFilter"/>: anti-aliased, with
/// filter state kept across chunks, 31 input samples (about 2 ms) of delay. One per stream; not thread-safe.
/// The input is split into its even and odd samples: each output needs the centre tap on one odd sample and the odd
/// taps on the even samples around it, so both become contiguous runs the filter can vectorise.
/// </summary>
internal sealed class HalfBandDecimator
{
    /// <summary>Samples of each phase kept from the previous chunk: the filter reaches 31 input samples back.</summary>
    private const int History = HalfBandFilter.Reach;

    private readonly float[] _even;
    private readonly float[] _odd;
    private readonly float[] _sum;

    /// <param name="maxInput">The longest chunk <see cref="Process"/> will be given.</param>
    public HalfBandDecimator(int maxInput)
    {
        _even = new float[History + (maxInput / 2)];
        _odd = new float[History + (maxInput / 2)];
        _sum = new float[maxInput / 2];
    }

    /// <summary>Downsamples <paramref name="input"/> (an even number of samples) into half as many in <paramref name="output"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Process(ReadOnlySpan<short> input, Span<short> output)
    {
        var half = input.Length / 2;
        if (input.Length % 2 != 0 || half > _sum.Length || output.Length < half)
        {
            throw new ArgumentException($"A 2:1 decimator takes an even chunk of at most {2 * _sum.Length} samples and needs half as many out; got {input.Length} in, {output.Length} out.");
        }

        for (var t = 0; t < half; t++)
        {
            _even[History + t] = input[2 * t];
            _odd[History + t] = input[(2 * t) + 1];
        }

        // Output m is centred on odd sample m + 15 (input sample 2m + 31 counted from the history's start).
        var sum = _sum.AsSpan(0, half);
        for (var m = 0; m < half; m++)
        {
            sum[m] = 0.5f * _odd[m + HalfBandFilter.OddTapsPerSide - 1];
        }

        HalfBandFilter.AccumulateOddTaps(_even, sum);
        for (var m = 0; m < half; m++)
        {
            output[m] = HalfBandFilter.Saturate(sum[m]);
        }

        _even.AsSpan(half, History).CopyTo(_even);
        _odd.AsSpan(half, History).CopyTo(_odd);
    }
}
