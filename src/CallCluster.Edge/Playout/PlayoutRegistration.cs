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

    /// <summary>
    /// What the call has in flight for the coming tick. Written only under the shard's gate; read without it as a cheap
    /// first check on the enqueue path, then again under the gate.
    /// </summary>
    internal volatile PlayoutSlot Slot;

    /// <summary>
    /// The last frame out was comfort silence (or none has gone out yet): the next audio frame starts a talk spurt, and
    /// goes out as soon as it is prepared instead of at the tick's due time. Written only under the shard's gate; read
    /// without it as a cheap first check on the enqueue path.
    /// </summary>
    internal volatile bool Idle = true;

    /// <summary>
    /// <see cref="PlayoutShard.SendEarly"/> built the coming tick's frame ahead of <see cref="PlayoutShard.Prepare"/>,
    /// which passes the call by once and clears this. Touched only under the shard's gate.
    /// </summary>
    internal bool PreparedAhead;

    /// <summary>Marks were placed on this call while its shard's gate was busy; the step holding it reports them.</summary>
    internal volatile bool MarksWaiting;

    /// <summary>Marks queued right behind the frame in flight: reported once that frame has been sent.</summary>
    internal List<string> MarksAfterFrame { get; } = [];

    /// <summary>The buffer got a frame while it held none: if the call is idle, send the frame now.</summary>
    internal void OnFirstFrameQueued()
    {
        // From inside a step (a bridged peer's caller audio, queued by its shard's preparing thread) the frame waits for
        // the grid: taking another shard's gate there could deadlock two shards feeding each other.
        if (Idle && !Stopped && !PlayoutShard.InStep)
        {
            Shard!.SendEarly(this);
        }
    }

    /// <summary>A mark was placed with no audio queued ahead of it: unless audio is in flight, it is reached already.</summary>
    internal void OnMarkQueuedBehindNoAudio()
    {
        if (Slot != PlayoutSlot.Audio && !Stopped && !PlayoutShard.InStep)
        {
            Shard!.ReportMarksIfIdle(this);
        }
    }

    /// <summary>Stops pacing. Waits for a tick in progress, so once this returns the sink is not called again.</summary>
    public void Dispose() => _scheduler.Unregister(this);
}
