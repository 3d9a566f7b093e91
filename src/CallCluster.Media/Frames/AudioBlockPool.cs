using System.Buffers;

namespace CallCluster.Media.Frames;

/// <summary>
/// Fixed-size blocks of samples, allocated on the pinned object heap and reused. Audio buffers live from milliseconds (a
/// frame handed between threads) to minutes (a recording). On the small-object heap every one alive at a gen0 or gen1
/// collection is copied by it, and the shared array pool's per-core caches hold far fewer than 50 calls keep in
/// flight, so most were new arrays: at 50 calls they were most of what the process allocated and most of what the
/// collector copied. Pinned-heap arrays belong to gen2: an ephemeral collection neither moves nor scans them (Kestrel's
/// block pool keeps its I/O buffers there for the same reason). Blocks come back with the last owner's samples in them.
/// Thread-safe.
/// </summary>
public sealed class AudioBlockPool
{
    private readonly Lock _gate = new();
    private readonly Stack<short[]> _idle = new();

    /// <param name="blockSamples">The length of every block.</param>
    /// <param name="maxRetained">Idle blocks kept for reuse; blocks returned beyond it are left to the collector.</param>
    public AudioBlockPool(int blockSamples, int maxRetained)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSamples);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetained);
        BlockSamples = blockSamples;
        MaxRetained = maxRetained;
    }

    /// <summary>
    /// 20 ms frames copied to be handed on (a caller frame to the grain, an agent frame to the outbound stream, a frame
    /// to the recogniser). Keeps up to 65 536 idle frames (40 MB): what a node's busiest second can hold in its queues.
    /// </summary>
    public static AudioBlockPool Frames { get; } = new(AudioFormat.SamplesPerFrame, 65_536);

    public int BlockSamples { get; }

    public int MaxRetained { get; }

    /// <summary>Idle blocks held for reuse (for tests and metrics).</summary>
    public int IdleCount
    {
        get
        {
            lock (_gate)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>A block of <see cref="BlockSamples"/> samples, most recently returned first (still warm in the cache).</summary>
    public short[] Rent()
    {
        lock (_gate)
        {
            if (_idle.TryPop(out var block))
            {
                return block;
            }
        }

        return GC.AllocateUninitializedArray<short>(BlockSamples, pinned: true);
    }

    /// <summary>
    /// Allocates blocks until <paramref name="idleBlocks"/> are idle (at most <see cref="MaxRetained"/>). Meant for start-up:
    /// allocating on the pinned heap counts against gen2's budget, so a pool that grows while calls run brings full
    /// collections with it.
    /// </summary>
    public void Reserve(int idleBlocks)
    {
        lock (_gate)
        {
            while (_idle.Count < Math.Min(idleBlocks, MaxRetained))
            {
                _idle.Push(GC.AllocateUninitializedArray<short>(BlockSamples, pinned: true));
            }
        }
    }

    /// <summary>
    /// A buffer of at least <paramref name="length"/> samples: a block when one is big enough, otherwise an array from
    /// the shared pool. Give it back with <see cref="ReturnAny"/>.
    /// </summary>
    public short[] RentAtLeast(int length) =>
        length <= BlockSamples ? Rent() : ArrayPool<short>.Shared.Rent(length);

    /// <summary>Takes <paramref name="block"/> back; it must be one of this pool's size.</summary>
    public void Return(short[] block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.Length != BlockSamples)
        {
            throw new ArgumentException($"This pool's blocks are {BlockSamples} samples, not {block.Length}.", nameof(block));
        }

        lock (_gate)
        {
            if (_idle.Count < MaxRetained)
            {
                _idle.Push(block);
            }
        }
    }

    /// <summary>Takes back a buffer from <see cref="RentAtLeast"/>, to whichever pool it came from.</summary>
    public void ReturnAny(short[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Length == BlockSamples)
        {
            Return(buffer);
        }
        else
        {
            ArrayPool<short>.Shared.Return(buffer);
        }
    }
}
