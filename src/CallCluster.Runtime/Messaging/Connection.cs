using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace CallCluster.Runtime.Messaging;

/// <summary>
/// A framed TCP connection over System.IO.Pipelines: [int32 length][byte type][payload]. Reads run on one
/// loop that hands each frame to an <see cref="IFrameHandler"/>; writes from any thread are serialized.
/// A frame larger than <see cref="MaxFrameLength"/> is a protocol error that closes the connection.
/// </summary>
internal sealed class Connection : IAsyncDisposable
{
    public const int MaxFrameLength = 16 * 1024 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closed = new();
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
        _writer = PipeWriter.Create(_stream);
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

    /// <summary>Sends one frame whose payload is already serialized.</summary>
    public ValueTask SendAsync(FrameType type, ReadOnlySpan<byte> payload)
    {
        if (IsClosed)
        {
            return ValueTask.FromException(new SiloUnavailableException($"The connection to {Describe()} is closed."));
        }

        // Fast path: take the lock without waiting, write and flush; the copy into the pipe is the only copy.
        if (_writeLock.Wait(0))
        {
            try
            {
                WriteFrame(type, payload);
            }
            catch
            {
                _writeLock.Release();
                throw;
            }

            return FlushAndReleaseAsync();
        }

        return SendSlowAsync(type, payload.ToArray());
    }

    /// <summary>
    /// Sends one frame whose payload is [<paramref name="streamId"/>][<paramref name="data"/>], copying the data
    /// straight into the pipe: the frame-stream path, which must not allocate per frame.
    /// </summary>
    public ValueTask SendAsync(FrameType type, long streamId, ReadOnlySpan<byte> data)
    {
        if (IsClosed)
        {
            return ValueTask.FromException(new SiloUnavailableException($"The connection to {Describe()} is closed."));
        }

        if (_writeLock.Wait(0))
        {
            try
            {
                WriteFrame(type, streamId, data);
            }
            catch
            {
                _writeLock.Release();
                throw;
            }

            return FlushAndReleaseAsync();
        }

        var rented = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(rented);
        return SendRentedSlowAsync(type, streamId, rented, data.Length);
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

        _socket.Close(0);
        _closed.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        await _readLoop;
        _writeLock.Dispose();
        _closed.Dispose();
    }

    public override string ToString() => Describe();

    private string Describe() => RemoteSilo?.ToString() ?? (IsClient ? "a client" : "a peer");

    private void WriteFrame(FrameType type, ReadOnlySpan<byte> payload)
    {
        var span = _writer.GetSpan(5 + payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, payload.Length + 1);
        span[4] = (byte)type;
        payload.CopyTo(span[5..]);
        _writer.Advance(5 + payload.Length);
    }

    private void WriteFrame(FrameType type, long streamId, ReadOnlySpan<byte> data)
    {
        var length = 1 + 8 + data.Length;
        var span = _writer.GetSpan(4 + length);
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        span[4] = (byte)type;
        BinaryPrimitives.WriteInt64LittleEndian(span[5..], streamId);
        data.CopyTo(span[13..]);
        _writer.Advance(4 + length);
    }

    private async ValueTask SendRentedSlowAsync(FrameType type, long streamId, byte[] rented, int length)
    {
        try
        {
            try
            {
                await _writeLock.WaitAsync(_closed.Token);
            }
            catch (OperationCanceledException e)
            {
                throw new SiloUnavailableException($"The connection to {Describe()} is closed.", e);
            }

            try
            {
                WriteFrame(type, streamId, rented.AsSpan(0, length));
            }
            catch
            {
                _writeLock.Release();
                throw;
            }

            await FlushAndReleaseAsync();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private async ValueTask FlushAndReleaseAsync()
    {
        try
        {
            await _writer.FlushAsync(_closed.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Abort();
            throw new SiloUnavailableException($"The connection to {Describe()} closed while sending.", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async ValueTask SendSlowAsync(FrameType type, byte[] payload)
    {
        try
        {
            await _writeLock.WaitAsync(_closed.Token);
        }
        catch (OperationCanceledException e)
        {
            throw new SiloUnavailableException($"The connection to {Describe()} is closed.", e);
        }

        try
        {
            WriteFrame(type, payload);
        }
        catch
        {
            _writeLock.Release();
            throw;
        }

        await FlushAndReleaseAsync();
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
            Abort();
            await _reader.CompleteAsync();
            await _writer.CompleteAsync();
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
