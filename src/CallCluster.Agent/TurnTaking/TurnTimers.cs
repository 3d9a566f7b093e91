namespace CallCluster.Agent.TurnTaking;

/// <summary>
/// The machine's timers on its <see cref="TimeProvider"/>. A timer that falls due is not acted on here: it is
/// handed to the owner as a <see cref="TimerElapsed"/> to feed back through the machine on the owner's turn. Each
/// arm bumps a generation, so an elapsed event that was already queued when its timer was re-armed or cancelled
/// is recognised as stale.
/// </summary>
internal sealed class TurnTimers(TimeProvider time, Action<TimerElapsed> onElapsed) : IDisposable
{
    private readonly ITimer?[] _timers = new ITimer?[Enum.GetValues<TurnTimer>().Length];
    private readonly long[] _generations = new long[Enum.GetValues<TurnTimer>().Length];

    /// <summary>Arms <paramref name="timer"/> to fall due at <paramref name="dueAt"/> (now, if that is past).</summary>
    public void Arm(TurnTimer timer, DateTimeOffset dueAt)
    {
        var index = (int)timer;
        _timers[index]?.Dispose();
        var generation = ++_generations[index];
        var delay = dueAt - time.GetUtcNow();
        _timers[index] = time.CreateTimer(
            _ => onElapsed(new TimerElapsed(time.GetUtcNow(), timer, generation)),
            state: null,
            delay > TimeSpan.Zero ? delay : TimeSpan.Zero,
            Timeout.InfiniteTimeSpan);
    }

    public void Cancel(TurnTimer timer)
    {
        var index = (int)timer;
        _timers[index]?.Dispose();
        _timers[index] = null;
        _generations[index]++;
    }

    public void CancelAll()
    {
        foreach (var timer in Enum.GetValues<TurnTimer>())
        {
            Cancel(timer);
        }
    }

    public bool IsArmed(TurnTimer timer) => _timers[(int)timer] is not null;

    /// <summary>True when <paramref name="elapsed"/> is the latest arming of its timer; consumes it.</summary>
    public bool Accept(TimerElapsed elapsed)
    {
        var index = (int)elapsed.Timer;
        if ((uint)index >= (uint)_timers.Length || _timers[index] is null || _generations[index] != elapsed.Generation)
        {
            return false;
        }

        _timers[index]!.Dispose();
        _timers[index] = null;
        return true;
    }

    public void Dispose() => CancelAll();
}
