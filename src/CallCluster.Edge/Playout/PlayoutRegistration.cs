namespace CallCluster.Edge.Playout;

/// <summary>One call paced by the <see cref="PlayoutScheduler"/>; dispose it to stop pacing.</summary>
public sealed class PlayoutRegistration : IDisposable
{
    private readonly PlayoutScheduler _scheduler;

    internal PlayoutRegistration(PlayoutScheduler scheduler, PlayoutBuffer buffer, IPlayoutSink sink)
    {
        _scheduler = scheduler;
        Buffer = buffer;
        Sink = sink;
    }

    internal PlayoutBuffer Buffer { get; }

    internal IPlayoutSink Sink { get; }

    /// <summary>The shard whose threads pace this call.</summary>
    internal PlayoutShard? Shard { get; set; }

    /// <summary>Set on unregistering: a tick step that already holds this call in hand skips it.</summary>
    internal volatile bool Stopped;

    /// <summary>Marks queued right behind the frame in flight: reported once that frame has been sent.</summary>
    internal List<string> MarksAfterFrame { get; } = [];

    /// <summary>Stops pacing. Waits for a tick in progress, so once this returns the sink is not called again.</summary>
    public void Dispose() => _scheduler.Unregister(this);
}
