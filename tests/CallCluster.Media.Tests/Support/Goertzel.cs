namespace CallCluster.Media.Tests.Support;

/// <summary>The Goertzel algorithm: the power of one frequency in a block, relative to a full-scale sine.</summary>
internal static class Goertzel
{
    public static double Power(ReadOnlySpan<short> samples, double frequency, int sampleRate)
    {
        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double previous = 0, beforePrevious = 0;
        foreach (var sample in samples)
        {
            var current = (sample / 32768.0) + (coefficient * previous) - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }

        var power = (previous * previous) + (beforePrevious * beforePrevious) - (coefficient * previous * beforePrevious);

        // A full-scale sine over N samples gives N²/4.
        return power / (samples.Length * samples.Length / 4.0);
    }
}
