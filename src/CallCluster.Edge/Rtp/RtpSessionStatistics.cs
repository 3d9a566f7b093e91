using CallCluster.Media.Jitter;

namespace CallCluster.Edge.Rtp;

/// <summary>A snapshot of one RTP session's counters.</summary>
/// <param name="PacketsReceived">Valid RTP packets received (audio and telephone events).</param>
/// <param name="PacketsSent">RTP packets sent (audio and telephone events).</param>
/// <param name="SendsDropped">Packets the edge failed to hand to the kernel (socket buffer full or an error): must stay 0.</param>
/// <param name="InvalidPackets">Datagrams that were not RTP, or carried a payload type not negotiated.</param>
/// <param name="SsrcChanges">Times the caller's stream restarted with a new SSRC.</param>
/// <param name="CumulativeLost">Caller packets lost (RFC 3550 A.3).</param>
/// <param name="InterarrivalJitter">Caller stream jitter (RFC 3550 A.8).</param>
/// <param name="RtcpReportsSent">RTCP compound packets sent.</param>
/// <param name="RtcpReportsReceived">RTCP compound packets received from the peer.</param>
/// <param name="JitterBuffer">The caller stream's jitter buffer counters.</param>
public readonly record struct RtpSessionStatistics(
    long PacketsReceived,
    long PacketsSent,
    long SendsDropped,
    long InvalidPackets,
    long SsrcChanges,
    int CumulativeLost,
    TimeSpan InterarrivalJitter,
    long RtcpReportsSent,
    long RtcpReportsReceived,
    JitterBufferStatistics JitterBuffer);
