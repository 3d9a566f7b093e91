using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using CallCluster.Edge.Rtp;
using CallCluster.Sip.Rtp;

namespace CallCluster.Edge.Tests.Rtp;

/// <summary>
/// A bare UDP socket pair on loopback that keeps the header of every RTP packet it receives and counts RTCP datagrams:
/// the far end of a session under test, seen on the wire rather than through another session's jitter buffer.
/// </summary>
internal sealed class RawRtpReceiver : IAsyncDisposable
{
    private readonly Socket _rtp;
    private readonly Socket _rtcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _rtpLoop;
    private readonly Task _rtcpLoop;
    private int _rtcpDatagrams;

    public RawRtpReceiver(RtpPortAllocator ports)
    {
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
            var length = await _rtp.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            if (RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet))
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
            await _rtcp.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            Interlocked.Increment(ref _rtcpDatagrams);
        }
    }
}
