using System.Collections.Concurrent;

namespace CallCluster.Media.Frames;

/// <summary>
/// Sample buffers of one 20 ms frame for audio that waits in a queue: a playout buffer holding a spoken answer, the
/// caller's frames on their way to the grain or the recogniser. Such a buffer is rented on one thread, returned on
/// another, and tens of thousands are out at once. The shared <see cref="System.Buffers.ArrayPool{T}"/> keeps a few
/// dozen per size, so under load it allocated a new array for nearly every frame; those arrays lived for seconds, were
/// promoted out of generation 0, and brought full garbage collections with pauses of tens of milliseconds. This pool
/// keeps up to <see cref="MaxRetained"/> idle buffers.
/// </summary>
public static class FrameBufferPool
{
    /// <summary>Idle buffers kept: about 160 calls' full playout buffers of speech, 10 MB.</summary>
    public const int MaxRetained = 16_384;

    private static readonly ConcurrentQueue<short[]> Idle = new();
    private static int s_idleCount;

    /// <summary>
    /// A buffer of at least <paramref name="length"/> samples: a pooled frame buffer (exactly
    /// <see cref="AudioFormat.SamplesPerFrame"/> long) when the length fits one, a new array otherwise. Not cleared.
    /// </summary>
    public static short[] Rent(int length = AudioFormat.SamplesPerFrame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > AudioFormat.SamplesPerFrame)
        {
            return new short[length];
        }

        if (Idle.TryDequeue(out var buffer))
        {
            Interlocked.Decrement(ref s_idleCount);
            return buffer;
        }

        return new short[AudioFormat.SamplesPerFrame];
    }

    /// <summary>Gives a buffer back; one of another length, or one over the cap, is left to the garbage collector.</summary>
    public static void Return(short[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Length != AudioFormat.SamplesPerFrame)
        {
            return;
        }

        if (Interlocked.Increment(ref s_idleCount) <= MaxRetained)
        {
            Idle.Enqueue(buffer);
        }
        else
        {
            Interlocked.Decrement(ref s_idleCount);
        }
    }
}
