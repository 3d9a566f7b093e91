using System.Collections.Concurrent;
using System.Net;

namespace CallCluster.Sip.Auth;

/// <summary>
/// A token bucket per source address, so one noisy or hostile peer cannot starve the others. Time comes from
/// <see cref="TimeProvider"/>; buckets idle long enough to be full again are dropped.
/// </summary>
public sealed class SourceRateLimiter
{
    private readonly double _tokensPerSecond;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<IPAddress, Bucket> _buckets = new();
    private long _lastSweep;

    /// <param name="tokensPerSecond">Sustained requests per second allowed from one source.</param>
    /// <param name="burst">Requests one source may send at once after being quiet.</param>
    /// <param name="time">The clock.</param>
    public SourceRateLimiter(double tokensPerSecond, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokensPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        ArgumentNullException.ThrowIfNull(time);
        _tokensPerSecond = tokensPerSecond;
        _burst = burst;
        _time = time;
        _lastSweep = time.GetTimestamp();
    }

    public int TrackedSources => _buckets.Count;

    /// <summary>Takes one token for <paramref name="source"/>; false means drop or answer 503.</summary>
    public bool TryAcquire(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var now = _time.GetTimestamp();
        SweepIdle(now);
        var bucket = _buckets.GetOrAdd(source, _ => new Bucket(_burst, now));
        lock (bucket)
        {
            var elapsed = (now - bucket.Updated) / (double)_time.TimestampFrequency;
            bucket.Tokens = Math.Min(_burst, bucket.Tokens + (elapsed * _tokensPerSecond));
            bucket.Updated = now;
            if (bucket.Tokens < 1)
            {
                return false;
            }

            bucket.Tokens -= 1;
            return true;
        }
    }

    private void SweepIdle(long now)
    {
        var refill = _burst / _tokensPerSecond;
        if ((now - Interlocked.Read(ref _lastSweep)) / (double)_time.TimestampFrequency < refill)
        {
            return;
        }

        Interlocked.Exchange(ref _lastSweep, now);
        foreach (var (source, bucket) in _buckets)
        {
            if ((now - bucket.Updated) / (double)_time.TimestampFrequency >= refill)
            {
                _buckets.TryRemove(source, out _);
            }
        }
    }

    private sealed class Bucket(double tokens, long updated)
    {
        public double Tokens { get; set; } = tokens;

        public long Updated { get; set; } = updated;
    }
}
