using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using CallCluster.Sip.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCluster.Sip.Transport;

/// <summary>
/// SIP over TCP: accepts connections, opens them on demand for sends, frames messages by Content-Length and
/// reuses a connection in both directions (responses go back on the connection the request came in on).
/// </summary>
public sealed class TcpSipTransport : ISipTransport
{
    private readonly Socket _listener;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<IPEndPoint, Connection> _connections = new();
    private SipMessageHandler? _handler;
    private int _disposed;
    private Task? _acceptLoop;

    public TcpSipTransport(IPEndPoint bindTo, ILogger<TcpSipTransport>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(bindTo);
        _logger = logger ?? NullLogger<TcpSipTransport>.Instance;
        _listener = new Socket(bindTo.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(bindTo);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public string Protocol => "TCP";

    public bool IsReliable => true;

    public IPEndPoint LocalEndPoint { get; }

    public void Start(SipMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = handler;
        _listener.Listen(512);
        _acceptLoop ??= Task.Run(() => AcceptLoopAsync(_stop.Token));
    }

    public async ValueTask SendAsync(SipMessage message, IPEndPoint destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(destination);
        var connection = _connections.TryGetValue(destination, out var existing) ? existing : await ConnectAsync(destination, cancellationToken);
        var (buffer, length) = InboundProcessing.Serialize(message);
        try
        {
            await connection.SendAsync(buffer.AsMemory(0, length), cancellationToken);
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            _connections.TryRemove(new(destination, connection));
            throw new SipTransportException($"TCP send to {destination} failed", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Dispose();
        foreach (var connection in _connections.Values)
        {
            connection.Dispose();
        }

        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    private async Task<Connection> ConnectAsync(IPEndPoint destination, CancellationToken cancellationToken)
    {
        var socket = new Socket(destination.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(destination, cancellationToken);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new SipTransportException($"TCP connect to {destination} failed: {e.SocketErrorCode}", e);
        }

        var connection = new Connection(socket, destination);
        if (!_connections.TryAdd(destination, connection))
        {
            connection.Dispose();
            return _connections[destination];
        }

        _ = Task.Run(() => ReadLoopAsync(connection, _stop.Token), CancellationToken.None);
        return connection;
    }

    private async Task AcceptLoopAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptAsync(stop);
                socket.NoDelay = true;
                var remote = (IPEndPoint)socket.RemoteEndPoint!;
                var connection = new Connection(socket, remote);
                _connections[remote] = connection;
                _ = Task.Run(() => ReadLoopAsync(connection, stop), CancellationToken.None);
            }
        }
        catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task ReadLoopAsync(Connection connection, CancellationToken stop)
    {
        var reader = PipeReader.Create(new NetworkStream(connection.Socket, ownsSocket: false));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(stop);
                var buffer = result.Buffer;
                while (SipStreamFramer.TryRead(ref buffer, out var message))
                {
                    Dispatch(message!, connection.Remote);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (SipParseException e)
        {
            // After a framing error the byte stream cannot be resynchronised; RFC 3261 §18.3 says close it.
            _logger.LogInformation("Closing TCP connection from {Remote}: {Reason}", connection.Remote, e.ReasonPhrase);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            await reader.CompleteAsync();
            _connections.TryRemove(new(connection.Remote, connection));
            connection.Dispose();
        }
    }

    private void Dispatch(SipMessage message, IPEndPoint remote)
    {
        if (message is SipRequest request)
        {
            InboundProcessing.StampVia(request, remote);
        }

        try
        {
            _handler?.Invoke(new SipInbound(message, remote, this));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "SIP handler failed for a message from {Remote}", remote);
        }
    }

    private sealed class Connection(Socket socket, IPEndPoint remote) : IDisposable
    {
        private readonly SemaphoreSlim _writeLock = new(1, 1);

        public Socket Socket { get; } = socket;

        public IPEndPoint Remote { get; } = remote;

        public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                while (!data.IsEmpty)
                {
                    var sent = await Socket.SendAsync(data, SocketFlags.None, cancellationToken);
                    data = data[sent..];
                }
            }
            finally
            {
                _writeLock.Release();
            }
        }

        public void Dispose()
        {
            Socket.Dispose();
            _writeLock.Dispose();
        }
    }
}
