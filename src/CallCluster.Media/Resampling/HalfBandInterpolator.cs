using System.Runtime.CompilerServices;

namespace CallCluster.Media.Resampling;

/// <summary>
/// Streaming exact 1:2 upsampler (8 kHz to 16 kHz) through the <see cref="HalfBandFilter"/> in polyphase form: every
/// other output sample is an input sample as it was (the centre tap), the ones between are filtered from the 16 input
/// samples each side; filter state is kept across chunks, 16 input samples (2 ms) of delay. One per stream; not thread-safe.
/// </summary>
internal sealed class HalfBandInterpolator
{
    private const int History = HalfBandFilter.Reach;
    private readonly float[] _work;
    private readonly float[] _sum;

    /// <param name="maxInput">The longest chunk <see cref="Process"/> will be given.</param>
    public HalfBandInterpolator(int maxInput)
    {
        _work = new float[History + maxInput];
        _sum = new float[maxInput];
    }

    /// <summary>Upsamples <paramref name="input"/> into twice as many samples in <paramref name="output"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Process(ReadOnlySpan<short> input, Span<short> output)
    {
        if (input.Length > _sum.Length || output.Length < 2 * input.Length)
        {
            throw new ArgumentException($"A 1:2 interpolator takes a chunk of at most {_sum.Length} samples and needs twice as many out; got {input.Length} in, {output.Length} out.");
        }

        for (var i = 0; i < input.Length; i++)
        {
            _work[History + i] = input[i];
        }

        // Output 2j is input sample c = j + 15 as it was; output 2j + 1 lies halfway between c and c + 1.
        var sum = _sum.AsSpan(0, input.Length);
        sum.Clear();
        HalfBandFilter.AccumulateOddTaps(_work, sum);
        for (var j = 0; j < input.Length; j++)
        {
            output[2 * j] = HalfBandFilter.Saturate(_work[j + HalfBandFilter.OddTapsPerSide - 1]);

            // Zero-stuffing halves the level; the interpolation filter's gain of two restores it.
            output[(2 * j) + 1] = HalfBandFilter.Saturate(2 * sum[j]);
        }

        _work.AsSpan(input.Length, History).CopyTo(_work);
    }
}
