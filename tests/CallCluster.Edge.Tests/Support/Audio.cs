using CallCluster.Media.Frames;

namespace CallCluster.Edge.Tests.Support;

/// <summary>Test signals and the two measurements the tests need: zero crossings (frequency) and RMS (level).</summary>
internal static class Audio
{
    public static List<short[]> Tone(double frequencyHz, int frames, short amplitude = 8000)
    {
        var result = new List<short[]>(frames);
        var step = 2 * Math.PI * frequencyHz / AudioFormat.SampleRate;
        for (var f = 0; f < frames; f++)
        {
            var frame = new short[AudioFormat.SamplesPerFrame];
            for (var i = 0; i < frame.Length; i++)
            {
                frame[i] = (short)(amplitude * Math.Sin(step * ((f * frame.Length) + i)));
            }

            result.Add(frame);
        }

        return result;
    }

    public static int ZeroCrossings(ReadOnlySpan<short> samples)
    {
        var crossings = 0;
        for (var i = 1; i < samples.Length; i++)
        {
            if ((samples[i - 1] < 0) != (samples[i] < 0))
            {
                crossings++;
            }
        }

        return crossings;
    }

    public static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / samples.Length);
    }
}
