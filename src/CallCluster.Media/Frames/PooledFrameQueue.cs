namespace CallCluster.Media.Frames;

/// <summary>
/// A first-in first-out queue of 20 ms frames kept in pooled segments of <see cref="FramesPerSegment"/> frames, for
/// audio held for seconds (agent audio waiting to be played, caller audio waiting for a checkpoint). Rented one by one
/// from the shared pool, such frames outnumber its small per-core caches (a 10 s answer is 500 frames), so most were
/// new arrays that lived through a collection or two and were then dropped. Segments come back to a pool of their own
/// and stay alive, so a steady stream allocates nothing. Not thread-safe: the owner serialises access.
/// </summary>
public sealed class PooledFrameQueue
{
    /// <summary>240 ms per segment: a queue holding one frame keeps 8 KB, a 30 s answer about 125 segments.</summary>
    public const int FramesPerSegment = 12;

    private const int SegmentSamples = FramesPerSegment * AudioFormat.SamplesPerFrame;

    /// <summary>
    /// Shared by every queue. Up to 16 384 idle segments (128 MB) are kept for reuse: the high-water mark of audio
    /// queued across all calls at once, reached only by a burst of long answers on a full node.
    /// </summary>
    private static readonly AudioBlockPool Segments = new(SegmentSamples, maxRetained: 16_384);

    /// <summary>Makes <paramref name="segments"/> idle segments ready before calls need them (see <see cref="AudioBlockPool.Reserve"/>).</summary>
    public static void Reserve(int segments) => Segments.Reserve(segments);

    // Oldest first: frame i of the queue is at position _head + i, counted in frames from the start of _segments[0].
    private readonly List<short[]> _segments = [];
    private int _head;

    public int Count { get; private set; }

    /// <summary>The frame <paramref name="index"/> places behind the oldest. Valid until the queue next changes.</summary>
    public ReadOnlySpan<short> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return Frame(_head + index);
        }
    }

    public void Enqueue(ReadOnlySpan<short> frame)
    {
        if (frame.Length != AudioFormat.SamplesPerFrame)
        {
            throw new ArgumentException($"A frame is {AudioFormat.SamplesPerFrame} samples, not {frame.Length}.", nameof(frame));
        }

        var position = _head + Count;
        if (position == _segments.Count * FramesPerSegment)
        {
            _segments.Add(Segments.Rent());
        }

        Count++;
        frame.CopyTo(Frame(position));
    }

    /// <summary>The oldest frame, still queued. Valid until the queue next changes.</summary>
    public ReadOnlySpan<short> Peek()
    {
        ThrowIfEmpty();
        return this[0];
    }

    /// <summary>Drops the oldest frame.</summary>
    public void Dequeue()
    {
        ThrowIfEmpty();
        Count--;
        _head++;
        if (Count == 0)
        {
            Clear();
        }
        else if (_head == FramesPerSegment)
        {
            // Once per 12 frames, over at most 125 segments (30 s): shifting the list is cheap enough.
            Segments.Return(_segments[0]);
            _segments.RemoveAt(0);
            _head = 0;
        }
    }

    public void Clear()
    {
        foreach (var segment in _segments)
        {
            Segments.Return(segment);
        }

        _segments.Clear();
        _head = 0;
        Count = 0;
    }

    private Span<short> Frame(int position) =>
        _segments[position / FramesPerSegment].AsSpan((position % FramesPerSegment) * AudioFormat.SamplesPerFrame, AudioFormat.SamplesPerFrame);

    private void ThrowIfEmpty()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("The frame queue is empty.");
        }
    }
}
