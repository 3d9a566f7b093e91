using System.Collections.Concurrent;
using System.Threading.Channels;
using CallCluster.Runtime.Messaging;

namespace CallCluster.Runtime.Streams;

/// <summary>
/// An ordered, credit-flow-controlled duplex channel of frames (e.g. 20 ms of audio) between a client and
/// one activation, multiplexed on their TCP connection beside request/response. Each side may send only
/// as many frames as the other granted (its receive window), and grants more as it consumes them, so a
/// slow receiver pauses its sender and nothing is dropped. Received frames sit in buffers the stream reuses;
/// sending copies straight into the connection's send buffer: no allocation per frame. When the connection drops, both
/// sides see <see cref="Completion"/> fault with <see cref="FrameStreamBrokenException"/> at once.
/// </summary>
public sealed class FrameStream : IAsyncDisposable
{
    private const byte BrokenClose = 1;
    private const byte MigratingClose = 2;

    /// <summary>Smallest receive buffer: 20 ms of 16 kHz 16-bit audio plus a header fits, so audio frames never regrow one.</summary>
    private const int MinFrameBuffer = 1024;

    private readonly Connection _connection;
    private readonly Channel<ReceivedFrame> _received;

    // The stream's own buffers, handed from the connection's read loop to the reader and back: a shared pool would
    // run dry (and allocate) when hundreds of streams each hold frames at once.
    private readonly ConcurrentQueue<byte[]> _spare = new();
    private readonly SemaphoreSlim _sendCredits = new(0);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<FrameStream>? _onFramesArrived;
    private readonly int _receiveWindow;
    private readonly int _creditBatch;
    private int _consumedSinceCredit;
    private int _closed;

    internal FrameStream(Connection connection, long id, GrainId grainId, int receiveWindow, Action<FrameStream>? onFramesArrived)
    {
        _connection = connection;
        Id = id;
        GrainId = grainId;
        _receiveWindow = receiveWindow;
        _creditBatch = Math.Max(1, receiveWindow / 2);
        _onFramesArrived = onFramesArrived;
        _received = Channel.CreateBounded<ReceivedFrame>(new BoundedChannelOptions(receiveWindow) { SingleReader = true, SingleWriter = true });
    }

    public GrainId GrainId { get; }

    /// <summary>Completes when the stream closes normally; faults with <see cref="FrameStreamBrokenException"/> when it breaks.</summary>
    public Task Completion => _completion.Task;

    public bool IsCompleted => _completion.Task.IsCompleted;

    internal long Id { get; }

    internal Connection Connection => _connection;

    internal int ReceiveWindow => _receiveWindow;

    /// <summary>Sends one frame, waiting for credit if the receiver is behind.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default)
    {
        ThrowIfCompleted();

        // A break releases the semaphore, so a writer waiting for credit wakes and sees it.
        await _sendCredits.WaitAsync(cancellationToken);
        ThrowIfCompleted();
        try
        {
            await _connection.SendAsync(FrameType.StreamData, Id, frame.Span);
        }
        catch (SiloUnavailableException e)
        {
            Break(new FrameStreamBrokenException("The connection closed while sending a frame.", e));
            throw (FrameStreamBrokenException)_completion.Task.Exception!.InnerException!;
        }
    }

    /// <summary>Copies the next received frame into <paramref name="destination"/>; false when none is waiting.</summary>
    public bool TryRead(Span<byte> destination, out int length)
    {
        if (!_received.Reader.TryRead(out var frame))
        {
            length = 0;
            return false;
        }

        try
        {
            if (frame.Length > destination.Length)
            {
                throw new ArgumentException($"The destination holds {destination.Length} bytes but the frame has {frame.Length}.", nameof(destination));
            }

            frame.Buffer.AsSpan(0, frame.Length).CopyTo(destination);
            length = frame.Length;
        }
        finally
        {
            _spare.Enqueue(frame.Buffer);
        }

        GrantCredit();
        return true;
    }

    /// <summary>Waits until a frame can be read; false once the stream has ended and every frame was read.</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => _received.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Ends the stream normally; the other side's <see cref="Completion"/> completes after it drains.</summary>
    public async ValueTask CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        try
        {
            await _connection.SendAsync(FrameType.StreamClose, Id, []);
        }
        catch (SiloUnavailableException)
        {
            // The peer is gone; it learns from the closed connection.
        }

        _received.Writer.TryComplete();
        _completion.TrySetResult();
    }

    public ValueTask DisposeAsync() => CloseAsync();

    /// <summary>
    /// Tells the other side the stream broke, and why (the activation is going away, a handler failed).
    /// <paramref name="migrating"/>: the activation is handing the grain over (a graceful shutdown), so the other
    /// side should re-open at once and will reach the grain's next activation.
    /// </summary>
    internal async Task CloseWithErrorAsync(string reason, bool migrating = false)
    {
        Interlocked.Exchange(ref _closed, 1);
        var bytes = new byte[1 + System.Text.Encoding.UTF8.GetByteCount(reason)];
        bytes[0] = migrating ? MigratingClose : BrokenClose;
        System.Text.Encoding.UTF8.GetBytes(reason, bytes.AsSpan(1));
        try
        {
            await _connection.SendAsync(FrameType.StreamClose, Id, bytes);
        }
        catch (SiloUnavailableException)
        {
            // The peer is gone; it learns from the closed connection.
        }
    }

    internal void OnData(ReadOnlySpan<byte> data)
    {
        if (!_spare.TryDequeue(out var buffer) || buffer.Length < data.Length)
        {
            // Only while the stream warms up (or its frames grow): then as many buffers circulate as frames are in flight.
            buffer = new byte[Math.Max(data.Length, MinFrameBuffer)];
        }

        data.CopyTo(buffer);
        if (!_received.Writer.TryWrite(new ReceivedFrame(buffer, data.Length)))
        {
            if (!IsCompleted)
            {
                Break(new FrameStreamBrokenException($"The peer sent more than the {_receiveWindow} frames it had credit for."));
                _connection.Abort();
            }

            return;
        }

        // Called for every frame; the activation side dedupes to at most one pending drain turn.
        _onFramesArrived?.Invoke(this);
    }

    internal void OnCredit(int count) => _sendCredits.Release(count);

    /// <summary>
    /// The other side closed the stream (body: empty when normal, else [kind][UTF-8 reason]): frames already received
    /// can still be read. Returns why it broke, or null for a normal close.
    /// </summary>
    internal FrameStreamBrokenException? OnRemoteClosed(ReadOnlySpan<byte> body)
    {
        Interlocked.Exchange(ref _closed, 1);
        if (body.IsEmpty)
        {
            _received.Writer.TryComplete();
            _completion.TrySetResult();
            return null;
        }

        var error = new FrameStreamBrokenException(System.Text.Encoding.UTF8.GetString(body[1..])) { IsMigrating = body[0] == MigratingClose };
        Break(error);
        return error;
    }

    internal void Break(Exception error)
    {
        Interlocked.Exchange(ref _closed, 1);
        _received.Writer.TryComplete(error);
        _completion.TrySetException(error);
        _sendCredits.Release();
    }

    private void GrantCredit()
    {
        if (Interlocked.Increment(ref _consumedSinceCredit) < _creditBatch)
        {
            return;
        }

        var count = Interlocked.Exchange(ref _consumedSinceCredit, 0);
        Span<byte> payload = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(payload, count);
        var sending = _connection.SendAsync(FrameType.StreamCredit, Id, payload);
        if (!sending.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(sending);
        }
    }

    private static async Task ObserveAsync(ValueTask sending)
    {
        try
        {
            await sending;
        }
        catch (SiloUnavailableException)
        {
            // The connection closed; the stream breaks through the connection's close notification.
        }
    }

    private void ThrowIfCompleted()
    {
        if (_completion.Task.IsFaulted)
        {
            throw (FrameStreamBrokenException)_completion.Task.Exception!.InnerException!;
        }

        if (_completion.Task.IsCompleted)
        {
            throw new InvalidOperationException("The frame stream is closed.");
        }
    }

    private readonly record struct ReceivedFrame(byte[] Buffer, int Length);
}
