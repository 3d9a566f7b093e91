namespace CallCluster.Edge.Tests.Sip;

internal static class Spectrum
{
    /// <summary>Power at one frequency over the whole signal (Goertzel), normalised by length.</summary>
    public static double Power(short[] samples, int sampleRate, double frequency)
    {
        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double previous = 0, beforePrevious = 0;
        foreach (var sample in samples)
        {
            var current = sample + (coefficient * previous) - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }

        var power = (previous * previous) + (beforePrevious * beforePrevious) - (coefficient * previous * beforePrevious);
        return power / Math.Max(1, samples.Length);
    }
}
