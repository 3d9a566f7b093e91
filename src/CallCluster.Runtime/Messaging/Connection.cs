using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace CallCluster.Runtime.Messaging;

/// <summary>
/// A framed TCP connection over System.IO.Pipelines: [int32 length][byte type][payload]. Reads run on one
/// loop that hands each frame to an <see cref="IFrameHandler"/>; writes from any thread go through one
/// <see cref="FrameSender"/>, which batches those that meet.
/// A frame larger than <see cref="MaxFrameLength"/> is a protocol error that closes the connection.
/// </summary>
internal sealed class Connection : IAsyncDisposable
{
    public const int MaxFrameLength = 16 * 1024 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly FrameSender _sender;
    private readonly CancellationTokenSource _closed = new();
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IFrameHandler _handler;
    private readonly ILogger _logger;
    private Task _readLoop = Task.CompletedTask;
    private int _closing;

    public Connection(Socket socket, IFrameHandler handler, ILogger logger)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream);
        _sender = new FrameSender(socket, _ => Abort());
        _handler = handler;
        _logger = logger;
    }

    /// <summary>The silo at the other end, once known (always for outbound silo connections; from Hello for inbound).</summary>
    public SiloAddress? RemoteSilo { get; set; }

    /// <summary>Whether the other end said it is a client rather than a silo.</summary>
    public bool IsClient { get; set; }

    /// <summary>Cancelled when the connection closes, from either side.</summary>
    public CancellationToken Closed => _closed.Token;

    public bool IsClosed => _closed.IsCancellationRequested;

    public void Start() => _readLoop = Task.Run(ReadLoopAsync);

    /// <summary>Sends one frame whose payload is already serialized (or queues it behind a send under way).</summary>
    public ValueTask SendAsync(FrameType type, ReadOnlySpan<byte> payload) =>
        _sender.TryWrite(type, payload) >= 0 ? ValueTask.CompletedTask : ValueTask.FromException(Unavailable());

    /// <summary>
    /// Queues one request and returns where it ends in the connection's byte stream: if the connection closes
    /// before <see cref="WasSent"/> says so, the request never left and may safely go elsewhere.
    /// </summary>
    public long SendRequest(ReadOnlySpan<byte> payload)
    {
        var end = _sender.TryWrite(FrameType.Request, payload);
        return end >= 0 ? end : throw Unavailable();
    }

    /// <summary>Whether the bytes up to <paramref name="end"/> (from <see cref="SendRequest"/>) were handed to the socket.</summary>
    public bool WasSent(long end) => _sender.SentThrough >= end;

    /// <summary>
    /// Sends one frame whose payload is [<paramref name="streamId"/>][<paramref name="data"/>], copying the data
    /// straight into the send buffer: the frame-stream path, which must not allocate per frame.
    /// </summary>
    public ValueTask SendAsync(FrameType type, long streamId, ReadOnlySpan<byte> data) =>
        _sender.TryWrite(type, streamId, data) ? ValueTask.CompletedTask : ValueTask.FromException(Unavailable());

    /// <summary>Waits (at most <paramref name="timeout"/>) until what was queued so far is on the wire: a graceful close sends its last words.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        try
        {
            await _sender.DrainedAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // The peer is not reading; closing drops the rest, as a crash would.
        }
    }

    /// <summary>Drops the connection at once, as a crash would; the other end sees it closed.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer: nothing left to shut down.
        }
        catch (ObjectDisposedException)
        {
            // Already disposed.
        }

        _sender.Close();
        try
        {
            _socket.Close(0);
            _closed.Cancel();
        }
        finally
        {
            _aborted.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        await _readLoop;
        _closed.Dispose();
    }

    public override string ToString() => Describe();

    private string Describe() => RemoteSilo?.ToString() ?? (IsClient ? "a client" : "a peer");

    private SiloUnavailableException Unavailable()
    {
        if (!IsClosed)
        {
            // The peer stopped reading long ago (its buffer is full): treat it as gone.
            Abort();
        }

        return new SiloUnavailableException($"The connection to {Describe()} is closed.");
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(_closed.Token);
                var buffer = result.Buffer;
                while (TryReadFrame(ref buffer, out var type, out var payload))
                {
                    Dispatch(type, payload);
                }

                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away or we aborted: a normal end of a connection.
        }
        catch (ProtocolViolationException e)
        {
            _logger.LogWarning("Closing the connection to {Peer}: {Reason}", Describe(), e.Message);
        }
        finally
        {
            // Another thread may be mid-Abort, running the Closed callbacks, one of which cancels the pipe's own token
            // source: completing the pipe before that ends disposes the source under it (ObjectDisposedException).
            Abort();
            await _aborted.Task;
            await _reader.CompleteAsync();
            _handler.OnClosed(this);
        }
    }

    private void Dispatch(FrameType type, ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            _handler.OnFrame(this, type, payload.FirstSpan);
            return;
        }

        var length = (int)payload.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            payload.CopyTo(rented);
            _handler.OnFrame(this, type, rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out FrameType type, out ReadOnlySequence<byte> payload)
    {
        type = default;
        payload = default;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(header);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 1 || length > MaxFrameLength)
        {
            throw new ProtocolViolationException($"frame length {length} is outside 1..{MaxFrameLength}");
        }

        if (buffer.Length < 4 + length)
        {
            return false;
        }

        var frame = buffer.Slice(4, length);
        type = (FrameType)frame.FirstSpan[0];
        payload = frame.Slice(1);
        buffer = buffer.Slice(frame.End);
        return true;
    }
}
