using CallCluster.Media.Frames;
using CallCluster.Media.Resampling;

namespace CallCluster.Media.Codecs;

/// <summary>
/// Converts whole 20 ms frames between the internal 16 kHz and 8 kHz (G.711, DTMF detection). The 2:1 ratio is exact,
/// so a half-band filter does it (<see cref="HalfBandDecimator"/>, <see cref="HalfBandInterpolator"/>) at a tenth of the
/// cost of a general resampler: this runs twice per call every 20 ms on the edge, for hundreds of calls.
/// </summary>
internal sealed class NarrowbandConverter
{
    private const int NarrowRate = 8000;

    private readonly HalfBandDecimator? _down;
    private readonly HalfBandInterpolator? _up;

    /// <exception cref="ArgumentException">The rates are not 16 000 and 8 000 Hz, one way or the other.</exception>
    public NarrowbandConverter(int inputRate, int outputRate)
    {
        if (inputRate == AudioFormat.SampleRate && outputRate == NarrowRate)
        {
            _down = new HalfBandDecimator(AudioFormat.SamplesPerFrame);
        }
        else if (inputRate == NarrowRate && outputRate == AudioFormat.SampleRate)
        {
            _up = new HalfBandInterpolator(AudioFormat.SamplesPerFrameAt(NarrowRate));
        }
        else
        {
            throw new ArgumentException($"A narrowband converter works between {AudioFormat.SampleRate} and {NarrowRate} Hz, not {inputRate} -> {outputRate} Hz.");
        }

        OutputSamplesPerFrame = AudioFormat.SamplesPerFrameAt(outputRate);
    }

    public int OutputSamplesPerFrame { get; }

    public void Convert(ReadOnlySpan<short> input, Span<short> output)
    {
        if (_down is not null)
        {
            _down.Process(input, output);
        }
        else
        {
            _up!.Process(input, output);
        }
    }
}
