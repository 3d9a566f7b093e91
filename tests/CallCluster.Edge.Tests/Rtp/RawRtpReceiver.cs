using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using CallCluster.Edge.Rtp;
using CallCluster.Sip.Rtp;

namespace CallCluster.Edge.Tests.Rtp;

/// <summary>
/// A bare UDP socket pair on loopback that keeps the header of every RTP packet the session under test sends it and
/// counts that session's RTCP datagrams: its far end, seen on the wire rather than through another session's jitter
/// buffer. Datagrams from anywhere else are dropped: test processes running beside this one (whole calls, SIPp) use the
/// same port range, and a leg that has not yet stopped sending to a port that was just freed would add packets here.
/// </summary>
internal sealed class RawRtpReceiver : IAsyncDisposable
{
    private static readonly IPEndPoint AnySender = new(IPAddress.Any, 0);

    private readonly IPEndPoint _from;
    private readonly Socket _rtp;
    private readonly Socket _rtcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _rtpLoop;
    private readonly Task _rtcpLoop;
    private int _rtcpDatagrams;

    /// <param name="ports">Where to bind.</param>
    /// <param name="from">The session under test's RTP socket; its RTCP comes from the port above.</param>
    public RawRtpReceiver(RtpPortAllocator ports, IPEndPoint from)
    {
        _from = from;
        (_rtp, _rtcp) = ports.Bind(IPAddress.Loopback);
        _rtpLoop = Task.Run(ReceiveRtpAsync);
        _rtcpLoop = Task.Run(ReceiveRtcpAsync);
    }

    public int Port => ((IPEndPoint)_rtp.LocalEndPoint!).Port;

    /// <summary>Every RTP packet, in arrival order.</summary>
    public ConcurrentQueue<ReceivedRtp> Packets { get; } = new();

    public int RtcpDatagrams => Volatile.Read(ref _rtcpDatagrams);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _rtp.Dispose();
        _rtcp.Dispose();
        await _rtpLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _rtcpLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task ReceiveRtpAsync()
    {
        var buffer = new byte[1500];
        while (!_stop.IsCancellationRequested)
        {
            var received = await _rtp.ReceiveFromAsync(buffer, SocketFlags.None, AnySender, _stop.Token);
            if (IsFrom(received, _from.Port) && RtpPacket.TryParse(buffer.AsSpan(0, received.ReceivedBytes), out var packet))
            {
                Packets.Enqueue(new ReceivedRtp(packet.SequenceNumber, packet.Timestamp, packet.Marker, packet.PayloadType, packet.Payload.ToArray()));
            }
        }
    }

    private async Task ReceiveRtcpAsync()
    {
        var buffer = new byte[1500];
        while (!_stop.IsCancellationRequested)
        {
            var received = await _rtcp.ReceiveFromAsync(buffer, SocketFlags.None, AnySender, _stop.Token);
            if (IsFrom(received, _from.Port + 1))
            {
                Interlocked.Increment(ref _rtcpDatagrams);
            }
        }
    }

    private bool IsFrom(SocketReceiveFromResult received, int port) =>
        received.RemoteEndPoint is IPEndPoint sender && sender.Port == port && sender.Address.Equals(_from.Address);
}
