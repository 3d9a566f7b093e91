using System.Buffers;
using System.Net;
using System.Net.Sockets;
using CallCluster.Sip.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCluster.Sip.Transport;

/// <summary>SIP over UDP: one socket, one receive loop, a pooled buffer per datagram.</summary>
public sealed class UdpSipTransport : ISipTransport
{
    private const int MaxDatagram = 65535;

    /// <summary>
    /// Kernel receive buffer asked for (SO_RCVBUF). 4 MiB holds a couple of seconds of a 300 calls/s signalling burst
    /// (about 900 datagrams/s: INVITE, ACK and BYE per call) while the receive loop is starved of CPU, where Linux's default 208 KiB overflows
    /// and costs retransmissions; Linux caps it at net.core.rmem_max.
    /// </summary>
    private const int ReceiveBufferBytes = 4 * 1024 * 1024;

    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;
    private Task? _receiveLoop;

    public UdpSipTransport(IPEndPoint bindTo, ILogger<UdpSipTransport>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(bindTo);
        _logger = logger ?? NullLogger<UdpSipTransport>.Instance;
        _socket = new Socket(bindTo.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = ReceiveBufferBytes };
        _socket.Bind(bindTo);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public string Protocol => "UDP";

    public bool IsReliable => false;

    public IPEndPoint LocalEndPoint { get; }

    public void Start(SipMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _receiveLoop ??= Task.Run(() => ReceiveLoopAsync(handler, _stop.Token));
    }

    public async ValueTask SendAsync(SipMessage message, IPEndPoint destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (buffer, length) = InboundProcessing.Serialize(message);
        try
        {
            await _socket.SendToAsync(buffer.AsMemory(0, length), SocketFlags.None, destination, cancellationToken);
        }
        catch (SocketException e)
        {
            throw new SipTransportException($"UDP send to {destination} failed: {e.SocketErrorCode}", e);
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
        _socket.Dispose();
        if (_receiveLoop is not null)
        {
            await _receiveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync(SipMessageHandler handler, CancellationToken stop)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
        EndPoint any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stop);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
                {
                    // ICMP port unreachable from an earlier send, or an oversized datagram: neither stops the loop.
                    continue;
                }

                await HandleDatagramAsync(handler, buffer.AsMemory(0, received.ReceivedBytes), (IPEndPoint)received.RemoteEndPoint);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask HandleDatagramAsync(SipMessageHandler handler, ReadOnlyMemory<byte> datagram, IPEndPoint remote)
    {
        if (datagram.Length <= 4 && datagram.Span.Trim("\r\n"u8).IsEmpty)
        {
            return; // RFC 5626 keep-alive
        }

        SipMessage message;
        try
        {
            message = SipMessageParser.Parse(datagram.Span);
            if (message is SipRequest request)
            {
                InboundProcessing.StampVia(request, remote);
            }
        }
        catch (SipParseException e)
        {
            _logger.LogInformation("Malformed SIP from {Remote}: {Reason}", remote, e.ReasonPhrase);
            if (InboundProcessing.ErrorResponseFor(datagram.Span, e) is { } reply)
            {
                await _socket.SendToAsync(reply, SocketFlags.None, remote);
            }

            return;
        }

        try
        {
            handler(new SipInbound(message, remote, this));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug in one message's handling must not stop the socket for every other call.
            _logger.LogError(e, "SIP handler failed for a message from {Remote}", remote);
        }
    }
}
