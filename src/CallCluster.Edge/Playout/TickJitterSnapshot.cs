namespace CallCluster.Edge.Playout;

/// <summary>A copy of <see cref="TickJitterHistogram"/> at one moment.</summary>
public sealed class TickJitterSnapshot
{
    private readonly long[] _bucketCounts;

    internal TickJitterSnapshot(long count, TimeSpan totalLateness, TimeSpan max, long[] bucketCounts)
    {
        Count = count;
        Mean = count == 0 ? TimeSpan.Zero : totalLateness / count;
        Max = max;
        _bucketCounts = bucketCounts;
    }

    /// <summary>Ticks recorded.</summary>
    public long Count { get; }

    /// <summary>Mean lateness.</summary>
    public TimeSpan Mean { get; }

    /// <summary>Largest lateness seen.</summary>
    public TimeSpan Max { get; }

    /// <summary>
    /// The lateness that <paramref name="percentile"/> % of ticks stayed within, as the upper bound of its bucket
    /// (never more than <see cref="Max"/>).
    /// </summary>
    public TimeSpan Percentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (Count == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (long)Math.Ceiling(percentile / 100 * Count);
        long seen = 0;
        for (var i = 0; i < _bucketCounts.Length; i++)
        {
            seen += _bucketCounts[i];
            if (seen >= rank && _bucketCounts[i] > 0)
            {
                var bound = TickJitterHistogram.UpperBound(i, Max);
                return bound < Max ? bound : Max;
            }
        }

        return Max;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"ticks={Count} mean={Mean.TotalMilliseconds:0.###}ms p50={Percentile(50).TotalMilliseconds:0.###}ms " +
        $"p99={Percentile(99).TotalMilliseconds:0.###}ms max={Max.TotalMilliseconds:0.###}ms";
}
