using Microsoft.Extensions.Logging;

namespace CallCluster.Runtime.Activation;

/// <summary>
/// A grain timer on the silo's <see cref="TimeProvider"/>. Each tick is a turn of the activation; a tick
/// that falls due while the previous one is queued or running is skipped, so ticks never overlap.
/// </summary>
internal sealed class GrainTimer : IDisposable
{
    private readonly ActivationData _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly ITimer _timer;
    private int _pending;
    private bool _disposed;

    public GrainTimer(ActivationData activation, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        _activation = activation;
        _callback = callback;
        _timer = activation.TimeProvider.CreateTimer(static state => ((GrainTimer)state!).OnDue(), this, dueTime, period);
    }

    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    public async Task TickAsync()
    {
        try
        {
            if (!_disposed)
            {
                await _callback(_activation.Stopping);
            }
        }
#pragma warning disable CA1031 // A failing tick is logged; the timer keeps its schedule, as in Orleans.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _activation.Host.Logger.LogWarning(e, "A timer tick of {Grain} failed.", _activation.GrainId);
        }
        finally
        {
            Volatile.Write(ref _pending, 0);
        }
    }

    public void TickAbandoned() => Volatile.Write(ref _pending, 0);

    private void OnDue()
    {
        if (_disposed || Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return;
        }

        if (!_activation.TryEnqueue(new TimerTickWorkItem(this)))
        {
            Volatile.Write(ref _pending, 0);
        }
    }
}
