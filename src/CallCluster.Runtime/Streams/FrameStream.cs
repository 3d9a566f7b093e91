using System.Buffers;
using System.Threading.Channels;
using CallCluster.Runtime.Messaging;

namespace CallCluster.Runtime.Streams;

/// <summary>
/// An ordered, credit-flow-controlled duplex channel of frames (e.g. 20 ms of audio) between a client and
/// one activation, multiplexed on their TCP connection beside request/response. Each side may send only
/// as many frames as the other granted (its receive window), and grants more as it consumes them, so a
/// slow receiver pauses its sender and nothing is dropped. Received frames sit in pooled buffers; sending
/// copies straight into the connection's pipe: no allocation per frame. When the connection drops, both
/// sides see <see cref="Completion"/> fault with <see cref="FrameStreamBrokenException"/> at once.
/// </summary>
public sealed class FrameStream : IAsyncDisposable
{
    private readonly Connection _connection;
    private readonly Channel<PooledFrame> _received;
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
        _received = Channel.CreateBounded<PooledFrame>(new BoundedChannelOptions(receiveWindow) { SingleReader = true, SingleWriter = true });
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
            ArrayPool<byte>.Shared.Return(frame.Buffer);
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

    /// <summary>Tells the other side the stream broke, and why (the activation is going away, a handler failed).</summary>
    internal async Task CloseWithErrorAsync(string reason)
    {
        Interlocked.Exchange(ref _closed, 1);
        var bytes = System.Text.Encoding.UTF8.GetBytes(reason);
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
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, data.Length));
        data.CopyTo(buffer);
        if (!_received.Writer.TryWrite(new PooledFrame(buffer, data.Length)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
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

    /// <summary>The other side closed the stream: frames already received can still be read.</summary>
    internal void OnRemoteClosed(string? reason)
    {
        Interlocked.Exchange(ref _closed, 1);
        if (reason is null)
        {
            _received.Writer.TryComplete();
            _completion.TrySetResult();
        }
        else
        {
            Break(new FrameStreamBrokenException(reason));
        }
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

    private readonly record struct PooledFrame(byte[] Buffer, int Length);
}
