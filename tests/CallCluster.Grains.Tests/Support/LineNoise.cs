namespace CallCluster.Grains.Tests.Support;

/// <summary>
/// The noise floor of a real phone line (about -75 dBFS, seeded so runs repeat): a test line of pure digital zeros is
/// unlike any call, and recognizers normalise against the noise floor.
/// </summary>
internal static class LineNoise
{
    public static void AddTo(Span<short> samples, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)Math.Clamp(samples[i] + random.Next(-6, 7), short.MinValue, short.MaxValue);
        }
    }
}
