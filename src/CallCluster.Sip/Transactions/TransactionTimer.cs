namespace CallCluster.Sip.Transactions;

/// <summary>A restartable one-shot timer on a <see cref="TimeProvider"/>, the building block of timers A–M.</summary>
internal sealed class TransactionTimer : IDisposable
{
    private readonly ITimer _timer;

    public TransactionTimer(TimeProvider time, Action onFire)
    {
        _timer = time.CreateTimer(static state => ((Action)state!)(), onFire, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The interval last scheduled (timers A, E, G double it on each firing).</summary>
    public TimeSpan Interval { get; private set; }

    public void Start(TimeSpan dueIn)
    {
        Interval = dueIn;
        _timer.Change(dueIn, Timeout.InfiniteTimeSpan);
    }

    public void Stop() => _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    public void Dispose() => _timer.Dispose();
}
