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

    /// <param name="maxInput">The longest chunk <see cref="Process"/> will be given.</param>
    public HalfBandInterpolator(int maxInput) => _work = new float[History + maxInput];

    /// <summary>Upsamples <paramref name="input"/> into twice as many samples in <paramref name="output"/>.</summary>
    public void Process(ReadOnlySpan<short> input, Span<short> output)
    {
        if (input.Length > _work.Length - History || output.Length < 2 * input.Length)
        {
            throw new ArgumentException($"A 1:2 interpolator takes a chunk of at most {_work.Length - History} samples and needs twice as many out; got {input.Length} in, {output.Length} out.");
        }

        var work = _work.AsSpan();
        for (var i = 0; i < input.Length; i++)
        {
            work[History + i] = input[i];
        }

        var taps = HalfBandFilter.OddTaps;
        for (var j = 0; j < input.Length; j++)
        {
            // Output 2j is input sample c; output 2j + 1 lies halfway between c and c + 1.
            var c = j + HalfBandFilter.OddTapsPerSide - 1;
            output[2 * j] = HalfBandFilter.Saturate(work[c]);
            var sum = 0f;
            for (var i = 0; i < taps.Length; i++)
            {
                sum += taps[i] * (work[c - i] + work[c + 1 + i]);
            }

            // Zero-stuffing halves the level; the interpolation filter's gain of two restores it.
            output[(2 * j) + 1] = HalfBandFilter.Saturate(2 * sum);
        }

        work.Slice(input.Length, History).CopyTo(work);
    }
}
