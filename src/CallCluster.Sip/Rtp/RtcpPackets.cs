namespace CallCluster.Sip.Rtp;

/// <summary>A reception report block (RFC 3550 §6.4.1).</summary>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport);

/// <summary>One packet of an RTCP compound packet.</summary>
public abstract record RtcpPacket;

/// <summary>SR (PT 200): sender info plus reports on the sources this sender hears.</summary>
public sealed record RtcpSenderReport(uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount, IReadOnlyList<RtcpReportBlock> Reports)
    : RtcpPacket
{
    /// <summary>The middle 32 bits of the NTP timestamp: what a receiver echoes as LSR.</summary>
    public uint CompactNtp => (uint)(NtpTimestamp >> 16);
}

/// <summary>RR (PT 201).</summary>
public sealed record RtcpReceiverReport(uint Ssrc, IReadOnlyList<RtcpReportBlock> Reports) : RtcpPacket;

/// <summary>SDES (PT 202): per source, its items (1 = CNAME, 2 = NAME, … 8 = PRIV).</summary>
public sealed record RtcpSourceDescription(IReadOnlyList<RtcpSdesChunk> Chunks) : RtcpPacket;

public sealed record RtcpSdesChunk(uint Ssrc, IReadOnlyList<(byte Type, string Value)> Items)
{
    public const byte CName = 1;

    public string? CanonicalName => Items.FirstOrDefault(i => i.Type == CName).Value;
}

/// <summary>BYE (PT 203): the sources leaving and an optional reason.</summary>
public sealed record RtcpBye(IReadOnlyList<uint> Sources, string? Reason) : RtcpPacket;

/// <summary>Any other packet type (APP, RTPFB, PSFB, XR…), kept as bytes.</summary>
public sealed record RtcpUnknown(byte PacketType, byte Count, ReadOnlyMemory<byte> Body) : RtcpPacket;
