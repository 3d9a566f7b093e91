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

    /// <summary>Stops pacing. Waits for a tick in progress, so once this returns the sink is not called again.</summary>
    public void Dispose() => _scheduler.Unregister(this);
}
