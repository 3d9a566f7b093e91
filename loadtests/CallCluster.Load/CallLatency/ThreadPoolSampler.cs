using System.Diagnostics;

namespace CallCluster.Load.CallLatency;

/// <summary>
/// Samples the thread pool every 50 ms on a dedicated thread (a pool timer would itself wait in a starved pool), so a
/// level's report shows whether work queued for want of threads: the pool adds only one or two threads a second when
/// blocking calls hold the ones it has.
/// </summary>
internal sealed class ThreadPoolSampler : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();
    private readonly long _completedAtStart = ThreadPool.CompletedWorkItemCount;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private int _maxThreads;
    private long _maxPending;
    private long _pendingSum;
    private int _samples;

    public ThreadPoolSampler()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "bench thread-pool sampler" };
        _thread.Start();
    }

    /// <summary>Stops sampling and summarises the level.</summary>
    public ThreadPoolReport Stop()
    {
        _stop.Set();
        _thread.Join();
        var seconds = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        return new ThreadPoolReport(
            _maxThreads,
            _maxPending,
            _samples == 0 ? 0 : Math.Round(_pendingSum / (double)_samples, 1),
            Math.Round((ThreadPool.CompletedWorkItemCount - _completedAtStart) / seconds));
    }

    public void Dispose() => _stop.Dispose();

    private void Run()
    {
        while (!_stop.Wait(Interval))
        {
            var pending = ThreadPool.PendingWorkItemCount;
            _maxThreads = Math.Max(_maxThreads, ThreadPool.ThreadCount);
            _maxPending = Math.Max(_maxPending, pending);
            _pendingSum += pending;
            _samples++;
        }
    }
}
