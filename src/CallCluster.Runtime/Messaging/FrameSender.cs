using System.Buffers.Binary;
using System.Net.Sockets;

namespace CallCluster.Runtime.Messaging;

/// <summary>
/// The write side of a <see cref="Connection"/>. A writer copies its frame into a buffer under a short lock; if no
/// send is under way it sends the buffer itself, on its own thread (no hop to another thread, which on a busy host
/// costs a scheduling delay per frame); if one is, it returns at once and its frame leaves with the next send. So
/// frames written while a send runs (many streams, credits, responses) leave together in one system call and reach
/// the peer's read loop together, instead of one call and one wake-up each. A send the socket cannot take at once
/// finishes asynchronously and carries on with whatever queued meanwhile. Nothing allocates per frame.
/// </summary>
internal sealed class FrameSender
{
    private const int InitialCapacity = 64 * 1024;

    /// <summary>Buffered bytes beyond which the peer counts as not reading (frozen or gone) and writes fail.</summary>
    private const int MaxBuffered = 4 * Connection.MaxFrameLength;

    private readonly Socket _socket;
    private readonly Action<Exception> _onFailed;
    private readonly Lock _gate = new();
    private byte[] _filling = new byte[InitialCapacity];
    private byte[] _sending = new byte[InitialCapacity];
    private int _filled;
    private long _queuedThrough;
    private long _sentThrough;
    private bool _sendUnderWay;
    private bool _closed;
    private TaskCompletionSource? _drained;

    /// <param name="socket">The connected socket.</param>
    /// <param name="onFailed">Called once a send fails: the connection is broken.</param>
    public FrameSender(Socket socket, Action<Exception> onFailed)
    {
        _socket = socket;
        _onFailed = onFailed;
    }

    /// <summary>Bytes the socket has accepted so far: a frame whose end offset is beyond this never left this node.</summary>
    public long SentThrough => Volatile.Read(ref _sentThrough);

    /// <summary>
    /// Queues [length][type][payload]; returns the offset of the frame's end in the connection's byte stream (compare
    /// with <see cref="SentThrough"/>), or -1 when the sender is closed or the peer stopped reading.
    /// </summary>
    public long TryWrite(FrameType type, ReadOnlySpan<byte> payload)
    {
        bool send;
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
            send = ClaimSend();
        }

        if (send)
        {
            SendQueued();
        }

        return end;
    }

    /// <summary>Queues [length][type][stream id][data]: the frame-stream path. False when closed or the peer stopped reading.</summary>
    public bool TryWrite(FrameType type, long streamId, ReadOnlySpan<byte> data)
    {
        bool send;
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
            send = ClaimSend();
        }

        if (send)
        {
            SendQueued();
        }

        return true;
    }

    /// <summary>Completes once everything queued so far has been handed to the socket (or the sender closed).</summary>
    public Task DrainedAsync()
    {
        lock (_gate)
        {
            if (_closed || !_sendUnderWay)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    /// <summary>Stops sending; what is still buffered is dropped.</summary>
    public void Close()
    {
        TaskCompletionSource? drained;
        lock (_gate)
        {
            _closed = true;
            drained = _drained;
            _drained = null;
        }

        drained?.TrySetResult();
    }

    private bool ClaimSend()
    {
        if (_sendUnderWay)
        {
            return false;
        }

        _sendUnderWay = true;
        return true;
    }

    /// <summary>Runs on the thread that claimed the send: sends batches until the buffer is empty or a send must wait.</summary>
    private void SendQueued()
    {
        while (true)
        {
            int count;
            long through;
            TaskCompletionSource? drained = null;
            lock (_gate)
            {
                count = _closed ? 0 : _filled;
                through = _queuedThrough;
                if (count == 0)
                {
                    _sendUnderWay = false;
                    drained = _drained;
                    _drained = null;
                }
                else
                {
                    (_filling, _sending) = (_sending, _filling);
                    _filled = 0;
                }
            }

            if (count == 0)
            {
                drained?.TrySetResult();
                return;
            }

            ValueTask sending;
            try
            {
                sending = SendAllAsync(count);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                Fail(e);
                return;
            }

            if (!sending.IsCompletedSuccessfully)
            {
                _ = FinishAsync(sending, through);
                return;
            }

            Volatile.Write(ref _sentThrough, through);
        }
    }

    /// <summary>A send that had to wait (the socket's buffer was full): when it ends, this continues the sending.</summary>
    private async Task FinishAsync(ValueTask sending, long through)
    {
        try
        {
            await sending;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Fail(e);
            return;
        }

        Volatile.Write(ref _sentThrough, through);
        SendQueued();
    }

    private async ValueTask SendAllAsync(int count)
    {
        for (var sent = 0; sent < count;)
        {
            sent += await _socket.SendAsync(_sending.AsMemory(sent, count - sent), SocketFlags.None);
        }
    }

    private void Fail(Exception error)
    {
        lock (_gate)
        {
            _closed = true;
            _sendUnderWay = false;
        }

        Close();
        _onFailed(error);
    }

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
}
