using CallCluster.Sip.Rtp;
using FsCheck;
using FsCheck.Fluent;

namespace CallCluster.Sip.Tests.Rtp;

public sealed class RtpTests
{
    [Fact]
    public void Header_with_csrcs_extension_padding_and_marker_round_trips()
    {
        var buffer = new byte[1500];
        var payload = Enumerable.Range(0, 160).Select(i => (byte)i).ToArray();
        var header = new RtpHeader(PayloadType: 111, SequenceNumber: 65535, Timestamp: 0xFFFFFF00, Ssrc: 0xDEADBEEF, Marker: true);

        var length = header.Write(buffer, payload, csrcs: [1u, 2u], extensionProfile: 0xBEDE, extension: [0x10, 0xAA, 0, 0], paddingBytes: 4);
        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet));

        Assert.Equal(12 + 8 + 8 + 160 + 4, length);
        Assert.True(packet.Marker);
        Assert.Equal(111, packet.PayloadType);
        Assert.Equal(65535, packet.SequenceNumber);
        Assert.Equal(0xFFFFFF00u, packet.Timestamp);
        Assert.Equal(0xDEADBEEFu, packet.Ssrc);
        Assert.Equal(2, packet.CsrcCount);
        Assert.Equal(2u, packet.Csrc(1));
        Assert.True(packet.HasExtension);
        Assert.Equal(0xBEDE, packet.ExtensionProfile);
        Assert.Equal(new byte[] { 0x10, 0xAA, 0, 0 }, packet.Extension.ToArray());
        Assert.True(packet.HasPadding);
        Assert.Equal(payload, packet.Payload.ToArray());
    }

    [Fact]
    public void Known_pcmu_packet_parses()
    {
        byte[] wire = [0x80, 0x00, 0x12, 0x34, 0x00, 0x00, 0x01, 0x40, 0x11, 0x22, 0x33, 0x44, 0xFF, 0xFE];

        Assert.True(RtpPacket.TryParse(wire, out var packet));

        Assert.Equal((0, 0x1234, 320u, 0x11223344u), (packet.PayloadType, packet.SequenceNumber, packet.Timestamp, packet.Ssrc));
        Assert.False(packet.Marker);
        Assert.Equal(new byte[] { 0xFF, 0xFE }, packet.Payload.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0 })]
    [InlineData(new byte[] { 0x40, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1 })]
    [InlineData(new byte[] { 0x82, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 5 })]
    [InlineData(new byte[] { 0x90, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xBE, 0xDE, 0, 2, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0xA0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 9, 9, 9, 20 })]
    [InlineData(new byte[] { 0xA0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 9, 9, 9, 0 })]
    public void Malformed_packets_are_refused(byte[] wire)
    {
        Assert.False(RtpPacket.TryParse(wire, out _));
    }

    [Fact]
    public void Parsers_never_throw_on_random_bytes()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            _ = RtpPacket.TryParse(bytes, out _);
            _ = RtcpCompoundPacket.TryParse(bytes);
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Compound_sr_sdes_bye_round_trips()
    {
        var sr = new RtcpSenderReport(0x1234, 0xE1234567_89ABCDEFUL, 160000, 1000, 160000,
            [new RtcpReportBlock(0x9999, 25, -3, 0x0001_0005, 42, 0x456789AB, 65536)]);
        RtcpPacket[] packets =
        [
            sr,
            new RtcpSourceDescription([new RtcpSdesChunk(0x1234, [(RtcpSdesChunk.CName, "edge-1@callcluster")])]),
            new RtcpBye([0x1234], "call ended"),
        ];
        var buffer = new byte[1500];

        var length = RtcpCompoundPacket.Write(buffer, packets);
        var parsed = RtcpCompoundPacket.TryParse(buffer.AsSpan(0, length))!;

        Assert.Equal(0, length % 4);
        var parsedSr = Assert.IsType<RtcpSenderReport>(parsed[0]);
        Assert.Equal(sr with { Reports = parsedSr.Reports }, parsedSr);
        Assert.Equal(sr.Reports, parsedSr.Reports);
        Assert.Equal(0x456789ABu, parsedSr.CompactNtp);
        Assert.Equal("edge-1@callcluster", Assert.IsType<RtcpSourceDescription>(parsed[1]).Chunks[0].CanonicalName);
        var bye = Assert.IsType<RtcpBye>(parsed[2]);
        Assert.Equal([0x1234u], bye.Sources);
        Assert.Equal("call ended", bye.Reason);
    }

    [Fact]
    public void Known_receiver_report_bytes_parse()
    {
        byte[] wire =
        [
            0x81, 201, 0x00, 0x07, 0x00, 0x00, 0x00, 0x01,
            0x00, 0x00, 0x00, 0x02, 0x40, 0xFF, 0xFF, 0xFE, 0x00, 0x00, 0x10, 0x00,
            0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ];

        var rr = Assert.IsType<RtcpReceiverReport>(Assert.Single(RtcpCompoundPacket.TryParse(wire)!));

        Assert.Equal(1u, rr.Ssrc);
        var block = Assert.Single(rr.Reports);
        Assert.Equal((2u, (byte)0x40, -2, 0x1000u, 32u), (block.Ssrc, block.FractionLost, block.CumulativeLost, block.ExtendedHighestSequence, block.Jitter));
    }

    [Theory]
    [InlineData(new byte[] { 0x81, 202, 0, 1, 0, 0, 0, 1 })]
    [InlineData(new byte[] { 0x80, 200, 0, 1, 0, 0, 0, 1 })]
    [InlineData(new byte[] { 0x80, 201, 0, 5, 0, 0, 0, 1 })]
    public void Malformed_compound_packets_are_dropped(byte[] wire)
    {
        Assert.Null(RtcpCompoundPacket.TryParse(wire));
    }
}
