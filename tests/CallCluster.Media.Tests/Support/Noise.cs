namespace CallCluster.Media.Tests.Support;

/// <summary>Seeded noise at a given RMS level: white (flat spectrum) and pink (-3 dB/octave, closer to room noise).</summary>
internal static class Noise
{
    public static short[] White(int count, double rms, int seed = 1)
    {
        var random = new Random(seed);
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            // Box-Muller: Gaussian samples.
            samples[i] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        }

        return Scale(samples, rms);
    }

    public static short[] Pink(int count, double rms, int seed = 2)
    {
        var white = White(count, 1000, seed);
        var samples = new double[count];
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
        for (var i = 0; i < count; i++)
        {
            // Paul Kellet's refined pink filter.
            double w = white[i];
            b0 = (0.99886 * b0) + (w * 0.0555179);
            b1 = (0.99332 * b1) + (w * 0.0750759);
            b2 = (0.96900 * b2) + (w * 0.1538520);
            b3 = (0.86650 * b3) + (w * 0.3104856);
            b4 = (0.55000 * b4) + (w * 0.5329522);
            b5 = (-0.7616 * b5) - (w * 0.0168980);
            samples[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + (w * 0.5362);
            b6 = w * 0.115926;
        }

        return Scale(samples, rms);
    }

    public static short[] Mix(short[] a, short[] b)
    {
        var mixed = new short[Math.Max(a.Length, b.Length)];
        for (var i = 0; i < mixed.Length; i++)
        {
            var sum = (i < a.Length ? a[i] : 0) + (i < b.Length ? b[i] : 0);
            mixed[i] = (short)Math.Clamp(sum, short.MinValue, short.MaxValue);
        }

        return mixed;
    }

    private static short[] Scale(double[] samples, double rms)
    {
        var current = Math.Sqrt(samples.Sum(s => s * s) / samples.Length);
        return [.. samples.Select(s => (short)Math.Clamp(Math.Round(s * rms / current), short.MinValue, short.MaxValue))];
    }
}
