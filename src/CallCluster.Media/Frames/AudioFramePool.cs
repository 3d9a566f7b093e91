using System.Collections.Concurrent;

namespace CallCluster.Media.Frames;

/// <summary>
/// Recycles <see cref="AudioFrame"/>s so the 50-frames-per-second-per-direction hot path allocates nothing
/// once warm. Keeps at most <see cref="MaxRetained"/> idle frames; extra returns are left to the GC so a
/// burst does not pin memory forever.
/// </summary>
public sealed class AudioFramePool
{
    /// <summary>Default idle cap: ~1000 concurrent calls' worth of in-flight frames (about 2.5 MB).</summary>
    public const int DefaultMaxRetained = 4096;

    private readonly ConcurrentQueue<AudioFrame> idle = new();
    private int idleCount;

    public AudioFramePool(int maxRetained = DefaultMaxRetained)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetained);
        MaxRetained = maxRetained;
    }

    /// <summary>The process-wide pool behind <see cref="AudioFrame.Rent"/>.</summary>
    public static AudioFramePool Shared { get; } = new();

    public int MaxRetained { get; }

    /// <summary>Frames waiting in the pool (for tests and metrics).</summary>
    public int IdleCount => Volatile.Read(ref idleCount);

    /// <summary>Rents a frame; <paramref name="clear"/> zeroes it (skip only when every sample is overwritten).</summary>
    public AudioFrame Rent(bool clear = true)
    {
        if (idle.TryDequeue(out var frame))
        {
            Interlocked.Decrement(ref idleCount);
        }
        else
        {
            frame = new AudioFrame(this);
            clear = false;
        }

        frame.MarkRented(clear);
        return frame;
    }

    internal void Return(AudioFrame frame)
    {
        if (Interlocked.Increment(ref idleCount) <= MaxRetained)
        {
            idle.Enqueue(frame);
        }
        else
        {
            Interlocked.Decrement(ref idleCount);
        }
    }
}
