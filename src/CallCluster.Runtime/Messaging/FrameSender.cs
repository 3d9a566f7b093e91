using System.Buffers.Binary;
using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace CallCluster.Runtime.Messaging;

/// <summary>
/// The write side of a <see cref="Connection"/>. Writers copy a frame into a buffer under a short lock and return;
/// one loop sends whatever has accumulated with one socket send. Under load, frames written while the previous
/// send ran leave together (and the peer reads them together), instead of one system call and one wake-up of the
/// peer's read loop per frame, which is what made frame latency's tail; idle, a frame waits only for the loop to
/// wake. Nothing allocates per frame: the two buffers swap, and the loop waits on a reusable value-task source.
/// </summary>
internal sealed class FrameSender : IValueTaskSource
{
    private const int InitialCapacity = 64 * 1024;

    /// <summary>Buffered bytes beyond which the peer counts as not reading (frozen or gone) and writes fail.</summary>
    private const int MaxBuffered = 4 * Connection.MaxFrameLength;

    private readonly Socket _socket;
    private readonly Lock _gate = new();
    private ManualResetValueTaskSourceCore<bool> _wake = new() { RunContinuationsAsynchronously = true };
    private byte[] _filling = new byte[InitialCapacity];
    private byte[] _sending = new byte[InitialCapacity];
    private int _filled;
    private long _queuedThrough;
    private long _sentThrough;
    private bool _loopWaiting;
    private bool _closed;
    private TaskCompletionSource? _drained;

    public FrameSender(Socket socket)
    {
        _socket = socket;
    }

    /// <summary>Bytes the socket has accepted so far: a frame whose end offset is beyond this never left this node.</summary>
    public long SentThrough => Volatile.Read(ref _sentThrough);

    /// <summary>
    /// Queues [length][type][payload]; returns the offset of the frame's end in the connection's byte stream (compare
    /// with <see cref="SentThrough"/>), or -1 when the sender is closed or the peer stopped reading.
    /// </summary>
    public long TryWrite(FrameType type, ReadOnlySpan<byte> payload)
    {
        bool wake;
        long end;
        lock (_gate)
        {
            var span = Reserve(5 + payload.Length);
            if (span.IsEmpty)
            {
                return -1;
            }

            BinaryPrimitives.WriteInt32LittleEndian(span, payload.Length + 1);
            span[4] = (byte)type;
            payload.CopyTo(span[5..]);
            end = _queuedThrough;
            wake = TakeWake();
        }

        Wake(wake);
        return end;
    }

    /// <summary>Queues [length][type][stream id][data]: the frame-stream path. False when closed or the peer stopped reading.</summary>
    public bool TryWrite(FrameType type, long streamId, ReadOnlySpan<byte> data)
    {
        bool wake;
        lock (_gate)
        {
            var length = 1 + 8 + data.Length;
            var span = Reserve(4 + length);
            if (span.IsEmpty)
            {
                return false;
            }

            BinaryPrimitives.WriteInt32LittleEndian(span, length);
            span[4] = (byte)type;
            BinaryPrimitives.WriteInt64LittleEndian(span[5..], streamId);
            data.CopyTo(span[13..]);
            wake = TakeWake();
        }

        Wake(wake);
        return true;
    }

    /// <summary>Completes once everything queued so far has been handed to the socket (or the sender closed).</summary>
    public Task DrainedAsync()
    {
        lock (_gate)
        {
            if (_closed || (_filled == 0 && _loopWaiting))
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    /// <summary>Stops the loop; what is still buffered is dropped.</summary>
    public void Close()
    {
        bool wake;
        TaskCompletionSource? drained;
        lock (_gate)
        {
            _closed = true;
            wake = TakeWake();
            drained = _drained;
            _drained = null;
        }

        Wake(wake);
        drained?.TrySetResult();
    }

    /// <summary>Sends until closed; a failed send ends the loop (the caller aborts the connection).</summary>
    public async Task RunAsync()
    {
        while (true)
        {
            int count;
            long sendingThrough = 0;
            TaskCompletionSource? drained = null;
            lock (_gate)
            {
                if (_closed)
                {
                    return;
                }

                count = _filled;
                if (count == 0)
                {
                    _wake.Reset();
                    _loopWaiting = true;
                    drained = _drained;
                    _drained = null;
                }
                else
                {
                    (_filling, _sending) = (_sending, _filling);
                    _filled = 0;
                    sendingThrough = _queuedThrough;
                }
            }

            if (count == 0)
            {
                drained?.TrySetResult();
                await new ValueTask(this, _wake.Version);
                continue;
            }

            for (var sent = 0; sent < count;)
            {
                sent += await _socket.SendAsync(_sending.AsMemory(sent, count - sent), SocketFlags.None);
            }

            Volatile.Write(ref _sentThrough, sendingThrough);
        }
    }

    void IValueTaskSource.GetResult(short token) => _wake.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _wake.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _wake.OnCompleted(continuation, state, token, flags);

    private Span<byte> Reserve(int size)
    {
        if (_closed || _filled + size > MaxBuffered)
        {
            return [];
        }

        if (_filled + size > _filling.Length)
        {
            var grown = new byte[Math.Min(MaxBuffered, Math.Max(_filling.Length * 2, _filled + size))];
            _filling.AsSpan(0, _filled).CopyTo(grown);
            _filling = grown;
        }

        var span = _filling.AsSpan(_filled, size);
        _filled += size;
        _queuedThrough += size;
        return span;
    }

    private bool TakeWake()
    {
        if (!_loopWaiting)
        {
            return false;
        }

        _loopWaiting = false;
        return true;
    }

    private void Wake(bool wake)
    {
        if (wake)
        {
            _wake.SetResult(true);
        }
    }
}
