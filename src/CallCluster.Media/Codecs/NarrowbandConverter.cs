using CallCluster.Media.Frames;
using CallCluster.Media.Resampling;

namespace CallCluster.Media.Codecs;

/// <summary>
/// Converts whole 20 ms frames between the internal 16 kHz and a codec's narrower rate. The 2:1 ratio
/// is exact, so speex returns exactly one frame's worth of samples per frame in.
/// </summary>
internal sealed class NarrowbandConverter : IDisposable
{
    private readonly SpeexResampler resampler;
    private readonly short[] scratch;

    public NarrowbandConverter(int inputRate, int outputRate)
    {
        resampler = new SpeexResampler(inputRate, outputRate);
        OutputSamplesPerFrame = AudioFormat.SamplesPerFrameAt(outputRate);
        scratch = new short[resampler.GetMaxOutputLength(AudioFormat.SamplesPerFrameAt(inputRate))];
    }

    public int OutputSamplesPerFrame { get; }

    public void Convert(ReadOnlySpan<short> input, Span<short> output)
    {
        var written = resampler.Process(input, scratch);
        if (written != OutputSamplesPerFrame)
        {
            throw new InvalidOperationException($"Resampler {resampler.InputRate} -> {resampler.OutputRate} Hz produced {written} samples for one frame, expected {OutputSamplesPerFrame}.");
        }

        scratch.AsSpan(0, written).CopyTo(output);
    }

    public void Dispose() => resampler.Dispose();
}
