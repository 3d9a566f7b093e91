using CallCluster.Media.Frames;

namespace CallCluster.Edge.Playout;

/// <summary>
/// One call's queue of agent audio frames and marks, filled by the handler and drained one frame per tick by the
/// <see cref="PlayoutScheduler"/>. Frames live in pooled segments (<see cref="PooledFrameQueue"/>), so a steady stream
/// allocates nothing and queued audio gives the GC nothing to copy.
/// </summary>
public sealed class PlayoutBuffer : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<Entry> _entries = new();
    private readonly PooledFrameQueue _frames = new();
    private readonly int _capacityFrames;
    private TaskCompletionSource? _roomAvailable;
    private bool _disposed;
    private volatile PlayoutRegistration? _registration;

    /// <param name="capacityFrames">Frames the buffer holds before <see cref="EnqueueAsync"/> waits for room.</param>
    public PlayoutBuffer(int capacityFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityFrames, 1);
        _capacityFrames = capacityFrames;
    }

    /// <summary>Frames of audio waiting to be played.</summary>
    public int QueuedFrames
    {
        get
        {
            lock (_gate)
            {
                return _frames.Count;
            }
        }
    }

    /// <summary>The call pacing this buffer, set by <see cref="PlayoutScheduler.Register"/>; null while unpaced.</summary>
    internal PlayoutRegistration? Registration
    {
        get => _registration;
        set => _registration = value;
    }

    /// <summary>
    /// Copies one frame into the queue if there is room. The first frame queued while the call is idle is sent at once
    /// on this thread (<see cref="IPlayoutSink.TrySendNow"/>) instead of waiting for the next tick.
    /// </summary>
    /// <exception cref="ArgumentException">The frame is not <see cref="AudioFormat.SamplesPerFrame"/> samples long.</exception>
    public bool TryEnqueue(ReadOnlySpan<short> frame)
    {
        ThrowIfNotOneFrame(frame.Length);
        bool startsSpurt;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_frames.Count >= _capacityFrames)
            {
                return false;
            }

            startsSpurt = _frames.Count == 0;
            _frames.Enqueue(frame);
            _entries.Enqueue(Entry.Frame);
        }

        // Per frame, only this comparison: while a spurt plays the buffer is rarely empty.
        if (startsSpurt)
        {
            _registration?.OnFirstFrameQueued();
        }

        return true;
    }

    /// <summary>Copies one frame into the queue, waiting for room while the buffer is full.</summary>
    public async ValueTask EnqueueAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken)
    {
        while (!TryEnqueue(frame.Span))
        {
            Task room;
            lock (_gate)
            {
                if (_frames.Count < _capacityFrames)
                {
                    continue;
                }

                // Allocated only while a producer runs ahead of real time, not per frame.
                _roomAvailable ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                room = _roomAvailable.Task;
            }

            await room.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Places a mark after the frames queued so far. When no audio is queued or unsent ahead of it, it is reported at
    /// once (<see cref="IPlayoutSink.OnMarkReached"/>), on this thread if the playout steps leave it the chance.
    /// </summary>
    public void AddMark(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        bool behindNoAudio;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _entries.Enqueue(new Entry(name));
            behindNoAudio = _frames.Count == 0;
        }

        if (behindNoAudio)
        {
            _registration?.OnMarkQueuedBehindNoAudio();
        }
    }

    /// <summary>
    /// Takes the next frame for this tick. Marks whose audio has now all been taken are appended to
    /// <paramref name="reachedMarks"/> in order: first those already due before this frame (placed behind audio taken
    /// on earlier ticks; <paramref name="marksBeforeFrame"/> counts them), then those queued right behind the frame.
    /// </summary>
    /// <returns>True when a frame was copied into <paramref name="destination"/>; false when no audio is queued.</returns>
    public bool TryDequeue(Span<short> destination, List<string> reachedMarks, out int marksBeforeFrame)
    {
        ThrowIfNotOneFrame(destination.Length);
        ArgumentNullException.ThrowIfNull(reachedMarks);
        var alreadyReached = reachedMarks.Count;
        TaskCompletionSource? wake = null;
        var gotFrame = false;
        lock (_gate)
        {
            TakeLeadingMarks(reachedMarks);
            marksBeforeFrame = reachedMarks.Count - alreadyReached;
            // Leading marks taken, the next entry (if any) is a frame.
            if (_entries.TryDequeue(out _))
            {
                _frames.Peek().CopyTo(destination);
                _frames.Dequeue();
                gotFrame = true;
                TakeLeadingMarks(reachedMarks);
                wake = TakeRoomWaiter();
            }
        }

        wake?.TrySetResult();
        return gotFrame;
    }

    /// <summary>
    /// Offers the first queued frame to <paramref name="sink"/>'s <see cref="IPlayoutSink.TrySendNow"/> and takes it out
    /// only if the sink sent it. Runs under this buffer's lock, so a <see cref="Clear"/> comes either before (nothing
    /// sent) or after (the frame is out, like any frame in flight). Marks are appended to <paramref name="reachedMarks"/>
    /// as in <see cref="TryDequeue"/>: those ahead of the frame even when the sink declines (the call was idle, so their
    /// audio has all gone out), those right behind it only when it was sent.
    /// </summary>
    /// <returns>True when the sink sent the first frame.</returns>
    internal bool TrySendFirstFrame(IPlayoutSink sink, List<string> reachedMarks)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            TakeLeadingMarks(reachedMarks);
            if (_entries.Count == 0 || !sink.TrySendNow(_frames.Peek()))
            {
                return false;
            }

            _entries.Dequeue();
            _frames.Dequeue();
            TakeLeadingMarks(reachedMarks);
            wake = TakeRoomWaiter();
        }

        wake?.TrySetResult();
        return true;
    }

    /// <summary>Takes the marks queued ahead of any audio: reached, when the call has no audio in flight.</summary>
    internal void TakeMarksAheadOfAudio(List<string> reachedMarks)
    {
        lock (_gate)
        {
            TakeLeadingMarks(reachedMarks);
        }
    }

    /// <summary>Drops all queued audio at once.</summary>
    /// <returns>The names of the marks that will now never be reached, in the order they were placed.</returns>
    public IReadOnlyList<string> Clear()
    {
        List<string> dropped = [];
        TaskCompletionSource? wake;
        lock (_gate)
        {
            DropAll(dropped);
            wake = TakeRoomWaiter();
        }

        wake?.TrySetResult();
        return dropped;
    }

    /// <summary>Returns the pooled frames; later enqueues throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            DropAll(dropped: null);
            wake = TakeRoomWaiter();
        }

        // Producers waiting for room retry, see the buffer is disposed and get ObjectDisposedException.
        wake?.TrySetResult();
    }

    private static void ThrowIfNotOneFrame(int length)
    {
        if (length != AudioFormat.SamplesPerFrame)
        {
            throw new ArgumentException(
                $"A playout frame is {AudioFormat.SamplesPerFrame} samples (20 ms at 16 kHz), not {length}.", nameof(length));
        }
    }

    private void TakeLeadingMarks(List<string> reachedMarks)
    {
        while (_entries.TryPeek(out var next) && next.MarkName is { } name)
        {
            _entries.Dequeue();
            reachedMarks.Add(name);
        }
    }

    private void DropAll(List<string>? dropped)
    {
        while (_entries.TryDequeue(out var entry))
        {
            if (entry.MarkName is { } name)
            {
                dropped?.Add(name);
            }
        }

        _frames.Clear();
    }

    private TaskCompletionSource? TakeRoomWaiter()
    {
        var waiter = _roomAvailable;
        _roomAvailable = null;
        return waiter;
    }

    /// <summary>A mark, or (no name) the next frame of <see cref="_frames"/>: the queue keeps frames and marks in order.</summary>
    private readonly record struct Entry(string? MarkName)
    {
        public static Entry Frame => default;
    }
}
