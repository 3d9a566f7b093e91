using System.ComponentModel.DataAnnotations;

namespace CallCluster.Edge.Playout;

/// <summary>How the edge paces agent audio out to callers.</summary>
public sealed class PlayoutOptions
{
    /// <summary>
    /// Frames one call's playout buffer holds before the handler's sends wait for room. Default 1500 (30 s): a long
    /// TTS answer fits whole, so the synthesiser is rarely held back, while memory per call stays bounded (about 1 MB).
    /// </summary>
    [Range(1, 90_000)]
    public int BufferCapacityFrames { get; set; } = 1500;

    /// <summary>
    /// Ticks the scheduler runs back to back after a stall (GC pause, CPU starvation) to get back on its 20 ms grid.
    /// Default 5 (100 ms): a short stall is absorbed without the caller hearing a gap; after a longer one the missed
    /// ticks are skipped instead, because bursting seconds of audio would only overflow the far end's jitter buffer.
    /// </summary>
    [Range(0, 500)]
    public int MaxCatchUpTicks { get; set; } = 5;

    /// <summary>
    /// Shards the calls are split across, each paced by its own pair of threads (prepare, send) on the common 20 ms grid.
    /// Default: one per processor, so the sends of a shard never wait for a core another shard's sends occupy.
    /// </summary>
    [Range(1, 1024)]
    public int Shards { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Priority of the scheduler's threads (pacing and preparing) when <see cref="RealtimePriority"/> is off or not
    /// permitted. Default <see cref="ThreadPriority.Highest"/>: every call's audio depends on these loops being on time.
    /// On Linux, where .NET ignores thread priorities, it is applied as the thread's nice value (Highest: -10), which
    /// needs CAP_SYS_NICE; without it the threads run at the default.
    /// </summary>
    public ThreadPriority ThreadPriority { get; set; } = ThreadPriority.Highest;

    /// <summary>
    /// SCHED_FIFO priority (1–99) of the scheduler's threads on Linux (the pacing threads one above it); 0 leaves them to
    /// the fair scheduler with <see cref="ThreadPriority"/>. Default 10: above every ordinary thread, below the kernel's
    /// interrupt threads (50). The threads are pinned to one CPU, leaving the others free of them (see
    /// <see cref="RealtimeScheduling"/> for the second-long freeze that real-time threads on every core caused). Needs
    /// CAP_SYS_NICE (root, or a container granted it) and two CPUs; without them the threads fall back to
    /// <see cref="ThreadPriority"/> and the edge logs why.
    /// </summary>
    [Range(0, 99)]
    public int RealtimePriority { get; set; } = 10;
}
