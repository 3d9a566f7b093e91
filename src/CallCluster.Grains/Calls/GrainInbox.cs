using System.Collections.Concurrent;

namespace CallCluster.Grains.Calls;

/// <summary>
/// Brings results produced off the grain's turn (STT, TTS, the decision, the machine's timers) back into it: a
/// post queues the item and, if no drain is pending, schedules one through a one-shot grain timer, which the runtime
/// runs as a turn of the activation. So grain state is only ever touched on the grain's turn, without locks.
/// </summary>
internal sealed class GrainInbox(Func<Func<CancellationToken, Task>, IDisposable> scheduleTurn, Func<object, Task> handle)
{
    private readonly ConcurrentQueue<object> _items = new();
    private int _drainPending;

    /// <summary>Queues an item for the grain's next turn. Safe from any thread.</summary>
    public void Post(object item)
    {
        _items.Enqueue(item);
        if (Interlocked.Exchange(ref _drainPending, 1) == 0)
        {
            var shot = new OneShot();
            shot.Set(scheduleTurn(_ => DrainAsync(shot)));
        }
    }

    private async Task DrainAsync(OneShot shot)
    {
        shot.Fired();
        // Cleared before draining: items posted during the drain schedule the next turn.
        Volatile.Write(ref _drainPending, 0);
        while (_items.TryDequeue(out var item))
        {
            await handle(item);
        }
    }

    // The timer may fire before the scheduler returned its handle; whichever comes second disposes it.
    private sealed class OneShot
    {
        private readonly Lock _gate = new();
        private IDisposable? _timer;
        private bool _fired;

        public void Set(IDisposable timer)
        {
            lock (_gate)
            {
                if (_fired)
                {
                    timer.Dispose();
                }
                else
                {
                    _timer = timer;
                }
            }
        }

        public void Fired()
        {
            lock (_gate)
            {
                _fired = true;
                _timer?.Dispose();
            }
        }
    }
}
