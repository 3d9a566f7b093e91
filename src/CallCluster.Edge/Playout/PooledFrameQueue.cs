using System.Buffers;
using CallCluster.Media.Frames;

namespace CallCluster.Edge.Playout;

/// <summary>
/// A first-in first-out queue of 20 ms frames kept in pooled segments of <see cref="FramesPerSegment"/> frames, for
/// audio that waits seconds to be played. Rented one by one from the shared pool, such frames outnumber its small
/// per-core caches (a 10 s answer is 500 frames), so most were new arrays that lived through a few collections and were
/// then dropped. Segments come back to a pool of their own and stay alive, so a steady stream allocates nothing. Not
/// thread-safe: <see cref="PlayoutBuffer"/> holds its lock around every call.
/// </summary>
internal sealed class PooledFrameQueue
{
    /// <summary>240 ms per segment: a call holding one frame keeps 8 KB, a 30 s answer about 125 segments.</summary>
    public const int FramesPerSegment = 12;

    private const int SegmentSamples = FramesPerSegment * AudioFormat.SamplesPerFrame;

    /// <summary>
    /// Shared by every call's queue. Up to 16 384 idle segments (128 MB) are kept for reuse: the high-water mark of
    /// audio queued across all calls at once, reached only by a burst of long answers on a full edge.
    /// </summary>
    private static readonly ArrayPool<short> Segments = ArrayPool<short>.Create(SegmentSamples, 16_384);

    private readonly Queue<short[]> _segments = new();
    private short[]? _writeSegment;

    // Frame positions in the first segment (read) and in the last, _writeSegment (write).
    private int _head;
    private int _tail = FramesPerSegment;

    public int Count { get; private set; }

    public void Enqueue(ReadOnlySpan<short> frame)
    {
        if (_tail == FramesPerSegment)
        {
            _writeSegment = Segments.Rent(SegmentSamples);
            _segments.Enqueue(_writeSegment);
            _tail = 0;
        }

        frame.CopyTo(_writeSegment.AsSpan(_tail * AudioFormat.SamplesPerFrame, AudioFormat.SamplesPerFrame));
        _tail++;
        Count++;
    }

    /// <summary>The oldest frame, still queued. Valid until the next <see cref="Dequeue"/> or <see cref="Clear"/>.</summary>
    public ReadOnlySpan<short> Peek()
    {
        ThrowIfEmpty();
        return _segments.Peek().AsSpan(_head * AudioFormat.SamplesPerFrame, AudioFormat.SamplesPerFrame);
    }

    public void Dequeue()
    {
        ThrowIfEmpty();
        Count--;
        _head++;
        if (_head == FramesPerSegment || Count == 0)
        {
            Release(_segments.Dequeue());
            _head = 0;
            if (Count == 0)
            {
                _writeSegment = null;
                _tail = FramesPerSegment;
            }
        }
    }

    public void Clear()
    {
        while (_segments.TryDequeue(out var segment))
        {
            Release(segment);
        }

        _writeSegment = null;
        _head = 0;
        _tail = FramesPerSegment;
        Count = 0;
    }

    private static void Release(short[] segment) => Segments.Return(segment);

    private void ThrowIfEmpty()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("The frame queue is empty.");
        }
    }
}
