using System.Diagnostics;

namespace CallCluster.Load.CallLatency;

/// <summary>
/// Samples the thread pool every 10 ms on a dedicated thread (a pool timer would itself wait in a starved pool), so a
/// level's report shows whether work queued for want of threads or of CPU: the pool's queue length and thread count,
/// and how long a work item queued from outside the pool (as a socket completion or a playout thread's frame is)
/// waited to start. The waits are kept with their times, so a slow turn can be checked against them.
/// </summary>
internal sealed class ThreadPoolSampler : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();
    private readonly List<PoolWait> _waits = [];
    private long _completedAtStart = ThreadPool.CompletedWorkItemCount;
    private long _startedAt = Stopwatch.GetTimestamp();
    private volatile bool _resetRequested;
    private int _maxThreads;
    private long _maxPending;
    private long _pendingSum;
    private int _samples;

    public ThreadPoolSampler()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "bench thread-pool sampler" };
        _thread.Start();
    }

    /// <summary>Forgets the samples so far (from the sampling thread's next sample on).</summary>
    public void Reset()
    {
        lock (_waits)
        {
            _waits.Clear();
            _completedAtStart = ThreadPool.CompletedWorkItemCount;
            _startedAt = Stopwatch.GetTimestamp();
        }

        _resetRequested = true;
    }

    /// <summary>Stops sampling and summarises the level.</summary>
    public ThreadPoolReport Stop()
    {
        _stop.Set();
        _thread.Join();
        var seconds = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        List<PoolWait> waits;
        lock (_waits)
        {
            waits = [.. _waits];
        }

        var waited = Percentiles.Of(waits.Select(w => w.WaitedMs));
        return new ThreadPoolReport(
            _maxThreads,
            _maxPending,
            _samples == 0 ? 0 : Math.Round(_pendingSum / (double)_samples, 1),
            Math.Round((ThreadPool.CompletedWorkItemCount - _completedAtStart) / seconds),
            waited.P99,
            waited.Max,
            waits);
    }

    public void Dispose() => _stop.Dispose();

    private void Run()
    {
        while (!_stop.Wait(Interval))
        {
            if (_resetRequested)
            {
                _resetRequested = false;
                (_maxThreads, _maxPending, _pendingSum, _samples) = (0, 0, 0, 0);
            }

            var pending = ThreadPool.PendingWorkItemCount;
            _maxThreads = Math.Max(_maxThreads, ThreadPool.ThreadCount);
            _maxPending = Math.Max(_maxPending, pending);
            _pendingSum += pending;
            _samples++;
            ThreadPool.UnsafeQueueUserWorkItem(static probe => probe.Sampler.Record(probe), new Probe(this, DateTimeOffset.UtcNow, Stopwatch.GetTimestamp()), preferLocal: false);
        }
    }

    private void Record(Probe probe)
    {
        var waited = Stopwatch.GetElapsedTime(probe.QueuedTimestamp).TotalMilliseconds;
        lock (_waits)
        {
            _waits.Add(new PoolWait(probe.QueuedAt, Math.Round(waited, 2)));
        }
    }

    private sealed record Probe(ThreadPoolSampler Sampler, DateTimeOffset QueuedAt, long QueuedTimestamp);
}

/// <summary>One probe's wait in the thread pool's queue.</summary>
/// <param name="QueuedAt">When it was queued.</param>
/// <param name="WaitedMs">Until a pool thread started it.</param>
public sealed record PoolWait(DateTimeOffset QueuedAt, double WaitedMs);
