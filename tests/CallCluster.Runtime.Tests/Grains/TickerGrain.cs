namespace CallCluster.Runtime.Tests.Grains;

/// <summary>A tick blocks until the test opens <see cref="TickGate"/>, so overlapping ticks would be visible.</summary>
public sealed class TickerGrain(GrainEvents events, TickGate gate) : Grain, ITickerGrain
{
    private IDisposable? _timer;
    private int _running;
    private int _maxRunning;
    private int _completed;

    public Task Start(TimeSpan period)
    {
        _timer ??= RegisterGrainTimer(TickAsync, period, period);
        return Task.CompletedTask;
    }

    public Task<int> TicksCompleted() => Task.FromResult(_completed);

    public Task<int> MaxConcurrentTicks() => Task.FromResult(_maxRunning);

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        _running++;
        _maxRunning = Math.Max(_maxRunning, _running);
        events.Record($"tick-started {_completed + 1}");
        await gate.WaitAsync();
        _running--;
        _completed++;
        events.Record($"tick-finished {_completed}");
    }
}

/// <summary>Lets a test hold timer ticks open and release them one at a time.</summary>
public sealed class TickGate
{
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WaitAsync() => Volatile.Read(ref _open).Task;

    public void ReleaseOne() => Interlocked.Exchange(ref _open, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
