using System.Numerics;

namespace CallCluster.Load.Metrics;

/// <summary>
/// A log-linear histogram of latencies in microseconds (the HdrHistogram idea, small): exact below 64 µs,
/// then 32 buckets per power of two, so every percentile is within about 3 % of the true value. Recording
/// is one increment on a preallocated array (no allocation per sample, safe from several threads), so it
/// can sit on the frame path. Snapshots travel between processes as plain bucket counts.
/// </summary>
public sealed class LatencyHistogram
{
    private const int ExactBelow = 64;
    private const int SubBuckets = 32;

    // Shifts up to 40 cover 2^46 µs (over two years): anything longer is clamped into the last bucket.
    private const int MaxShift = 40;

    public const int BucketCount = ExactBelow + (MaxShift * SubBuckets);

    private readonly long[] _counts = new long[BucketCount];

    public void Record(long microseconds)
    {
        Interlocked.Increment(ref _counts[IndexOf(Math.Max(0, microseconds))]);
    }

    public void Add(LatencySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        for (var i = 0; i < snapshot.Counts.Length && i < BucketCount; i++)
        {
            Interlocked.Add(ref _counts[i], snapshot.Counts[i]);
        }
    }

    /// <summary>The counts so far, trailing empty buckets dropped; the histogram keeps counting.</summary>
    public LatencySnapshot Snapshot()
    {
        var last = BucketCount - 1;
        while (last >= 0 && Volatile.Read(ref _counts[last]) == 0)
        {
            last--;
        }

        var counts = new long[last + 1];
        for (var i = 0; i <= last; i++)
        {
            counts[i] = Volatile.Read(ref _counts[i]);
        }

        return new LatencySnapshot(counts);
    }

    internal static int IndexOf(long value)
    {
        if (value < ExactBelow)
        {
            return (int)value;
        }

        var msb = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = msb - 5;
        if (shift > MaxShift)
        {
            return BucketCount - 1;
        }

        var sub = (int)(value >> shift) - SubBuckets;
        return ExactBelow + ((shift - 1) * SubBuckets) + sub;
    }

    /// <summary>The largest value that falls in bucket <paramref name="index"/>: percentiles err on the slow side.</summary>
    internal static long HighestValueIn(int index)
    {
        if (index < ExactBelow)
        {
            return index;
        }

        var shift = ((index - ExactBelow) / SubBuckets) + 1;
        long sub = ((index - ExactBelow) % SubBuckets) + SubBuckets;
        return ((sub + 1) << shift) - 1;
    }
}
