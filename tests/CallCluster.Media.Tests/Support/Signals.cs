namespace CallCluster.Media.Tests.Support;

/// <summary>Test signals: sines at known frequencies, so a result's frequency and distortion can be measured.</summary>
internal static class Signals
{
    public static short[] Sine(double frequency, int sampleRate, int count, double amplitude = 10_000, double phase = 0)
    {
        var samples = new short[count];
        for (var i = 0; i < count; i++)
        {
            samples[i] = (short)Math.Round(amplitude * Math.Sin((2 * Math.PI * frequency * i / sampleRate) + phase));
        }

        return samples;
    }
}
