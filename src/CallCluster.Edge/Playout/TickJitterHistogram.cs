namespace CallCluster.Edge.Playout;

/// <summary>
/// How late the playout ticks ran against their due times, in fixed buckets so that recording is lock-free and
/// allocation-free at 50 ticks per second. Percentiles are bucket upper bounds: accurate enough to see whether
/// the loop keeps its 20 ms grid, which is the question it answers.
/// </summary>
public sealed class TickJitterHistogram
{
    /// <summary>Bucket upper bounds in microseconds; the last bucket holds everything above the last bound.</summary>
    private static readonly long[] UpperBoundsMicros =
        [100, 250, 500, 1_000, 2_000, 3_000, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000, 50_000, 100_000, 200_000];

    private readonly long[] _counts = new long[UpperBoundsMicros.Length + 1];
    private long _count;
    private long _sumMicros;
    private long _maxMicros;

    /// <summary>Records one tick that ran <paramref name="lateness"/> after its due time.</summary>
    public void Record(TimeSpan lateness)
    {
        var micros = Math.Max(0, lateness.Ticks / TimeSpan.TicksPerMicrosecond);
        var bucket = Array.BinarySearch(UpperBoundsMicros, micros);
        bucket = bucket >= 0 ? bucket : ~bucket;
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumMicros, micros);
        var max = Volatile.Read(ref _maxMicros);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxMicros, micros, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>A consistent-enough copy of the counts (ticks recorded during the copy may be partly included).</summary>
    public TickJitterSnapshot Snapshot()
    {
        var counts = new long[_counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Volatile.Read(ref _counts[i]);
        }

        return new TickJitterSnapshot(
            counts.Sum(),
            TimeSpan.FromMicroseconds(Volatile.Read(ref _sumMicros)),
            TimeSpan.FromMicroseconds(Volatile.Read(ref _maxMicros)),
            counts);
    }

    /// <summary>The upper bound of the bucket at <paramref name="index"/>; the overflow bucket reports the largest value seen.</summary>
    internal static TimeSpan UpperBound(int index, TimeSpan max) =>
        index < UpperBoundsMicros.Length ? TimeSpan.FromMicroseconds(UpperBoundsMicros[index]) : max;
}
