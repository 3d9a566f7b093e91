namespace CallCluster.Media.Resampling;

/// <summary>
/// Streaming exact 2:1 downsampler (16 kHz to 8 kHz) through the <see cref="HalfBandFilter"/>: anti-aliased, with
/// filter state kept across chunks, 31 input samples (about 2 ms) of delay. One per stream; not thread-safe.
/// </summary>
internal sealed class HalfBandDecimator
{
    private const int History = 2 * HalfBandFilter.Reach;
    private readonly float[] _work;

    /// <param name="maxInput">The longest chunk <see cref="Process"/> will be given.</param>
    public HalfBandDecimator(int maxInput) => _work = new float[History + maxInput];

    /// <summary>Downsamples <paramref name="input"/> (an even number of samples) into half as many in <paramref name="output"/>.</summary>
    public void Process(ReadOnlySpan<short> input, Span<short> output)
    {
        if (input.Length % 2 != 0 || input.Length > _work.Length - History || output.Length < input.Length / 2)
        {
            throw new ArgumentException($"A 2:1 decimator takes an even chunk of at most {_work.Length - History} samples and needs half as many out; got {input.Length} in, {output.Length} out.");
        }

        var work = _work.AsSpan();
        for (var i = 0; i < input.Length; i++)
        {
            work[History + i] = input[i];
        }

        var taps = HalfBandFilter.OddTaps;
        for (var m = 0; m < input.Length / 2; m++)
        {
            // The output sample sits at the filter's centre, Reach samples behind the newest input sample it sees.
            var centre = (2 * m) + History - HalfBandFilter.Reach;
            var sum = 0.5f * work[centre];
            for (var i = 0; i < taps.Length; i++)
            {
                var k = (2 * i) + 1;
                sum += taps[i] * (work[centre - k] + work[centre + k]);
            }

            output[m] = HalfBandFilter.Saturate(sum);
        }

        work.Slice(input.Length, History).CopyTo(work);
    }
}
