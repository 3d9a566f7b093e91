namespace CallCluster.Load.Metrics;

/// <summary>Bucket counts of a <see cref="LatencyHistogram"/>, as sent from a grain to the benchmark driver.</summary>
public sealed record LatencySnapshot(long[] Counts)
{
    public static LatencySnapshot Empty { get; } = new([]);

    public long Total => Counts.Sum();

    /// <summary>The value (µs) at or below which <paramref name="percentile"/> % of the samples fall; 0 with no samples.</summary>
    public long Percentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var total = Total;
        if (total == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * total));
        long seen = 0;
        for (var i = 0; i < Counts.Length; i++)
        {
            seen += Counts[i];
            if (seen >= rank)
            {
                return LatencyHistogram.HighestValueIn(i);
            }
        }

        return LatencyHistogram.HighestValueIn(Counts.Length - 1);
    }
}
