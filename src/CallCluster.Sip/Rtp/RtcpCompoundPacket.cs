using System.Buffers.Binary;
using System.Text;

namespace CallCluster.Sip.Rtp;

/// <summary>Parses and writes RTCP compound packets (RFC 3550 §6.1): SR/RR first, then SDES, BYE and others.</summary>
public static class RtcpCompoundPacket
{
    private const byte SenderReport = 200;
    private const byte ReceiverReport = 201;
    private const byte SourceDescription = 202;
    private const byte Goodbye = 203;

    /// <summary>All packets in the datagram; null when any header or length is malformed (the datagram is dropped).</summary>
    public static IReadOnlyList<RtcpPacket>? TryParse(ReadOnlySpan<byte> data)
    {
        var packets = new List<RtcpPacket>();
        if (data.Length < 4 || data[1] is not (SenderReport or ReceiverReport))
        {
            return null; // RFC 3550 §6.1: a compound packet starts with SR or RR
        }

        while (!data.IsEmpty)
        {
            if (data.Length < 4 || data[0] >> 6 != 2)
            {
                return null;
            }

            var count = (byte)(data[0] & 0x1F);
            var type = data[1];
            var length = (BinaryPrimitives.ReadUInt16BigEndian(data[2..]) + 1) * 4;
            if (length > data.Length)
            {
                return null;
            }

            var body = data[4..length];
            if ((data[0] & 0x20) != 0)
            {
                var padding = data[length - 1];
                if (padding == 0 || padding > body.Length)
                {
                    return null;
                }

                body = body[..^padding];
            }

            RtcpPacket? packet = type switch
            {
                SenderReport => ParseSenderReport(body, count),
                ReceiverReport => ParseReceiverReport(body, count),
                SourceDescription => ParseSdes(body, count),
                Goodbye => ParseBye(body, count),
                _ => new RtcpUnknown(type, count, body.ToArray()),
            };
            if (packet is null)
            {
                return null;
            }

            packets.Add(packet);
            data = data[length..];
        }

        return packets;
    }

    /// <summary>Writes the packets back to back; returns the length. Throws when <paramref name="destination"/> is too small.</summary>
    public static int Write(Span<byte> destination, IEnumerable<RtcpPacket> packets)
    {
        ArgumentNullException.ThrowIfNull(packets);
        var offset = 0;
        foreach (var packet in packets)
        {
            offset += packet switch
            {
                RtcpSenderReport sr => WriteSenderReport(destination[offset..], sr),
                RtcpReceiverReport rr => WriteReceiverReport(destination[offset..], rr),
                RtcpSourceDescription sdes => WriteSdes(destination[offset..], sdes),
                RtcpBye bye => WriteBye(destination[offset..], bye),
                RtcpUnknown unknown => WriteRaw(destination[offset..], unknown.PacketType, unknown.Count, unknown.Body.Span),
                _ => throw new ArgumentException("Unknown RTCP packet.", nameof(packets)),
            };
        }

        return offset;
    }

    private static RtcpSenderReport? ParseSenderReport(ReadOnlySpan<byte> body, int count)
    {
        if (body.Length < 24 + (count * 24))
        {
            return null;
        }

        return new RtcpSenderReport(
            BinaryPrimitives.ReadUInt32BigEndian(body),
            BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[20..]),
            ParseBlocks(body[24..], count));
    }

    private static RtcpReceiverReport? ParseReceiverReport(ReadOnlySpan<byte> body, int count) =>
        body.Length < 4 + (count * 24) ? null : new RtcpReceiverReport(BinaryPrimitives.ReadUInt32BigEndian(body), ParseBlocks(body[4..], count));

    private static RtcpReportBlock[] ParseBlocks(ReadOnlySpan<byte> data, int count)
    {
        var blocks = new RtcpReportBlock[count];
        for (var i = 0; i < count; i++)
        {
            var block = data.Slice(i * 24, 24);
            var lost = (block[5] << 16) | (block[6] << 8) | block[7];
            if ((lost & 0x800000) != 0)
            {
                lost |= unchecked((int)0xFF000000); // sign-extend the 24-bit field
            }

            blocks[i] = new RtcpReportBlock(
                BinaryPrimitives.ReadUInt32BigEndian(block), block[4], lost,
                BinaryPrimitives.ReadUInt32BigEndian(block[8..]), BinaryPrimitives.ReadUInt32BigEndian(block[12..]),
                BinaryPrimitives.ReadUInt32BigEndian(block[16..]), BinaryPrimitives.ReadUInt32BigEndian(block[20..]));
        }

        return blocks;
    }

    private static RtcpSourceDescription? ParseSdes(ReadOnlySpan<byte> body, int count)
    {
        var chunks = new List<RtcpSdesChunk>();
        for (var c = 0; c < count; c++)
        {
            if (body.Length < 4)
            {
                return null;
            }

            var ssrc = BinaryPrimitives.ReadUInt32BigEndian(body);
            var offset = 4;
            var items = new List<(byte, string)>();
            while (true)
            {
                if (offset >= body.Length)
                {
                    return null;
                }

                var type = body[offset];
                if (type == 0)
                {
                    offset = (offset + 4) & ~3; // the chunk ends with nulls up to the next 32-bit boundary
                    break;
                }

                if (offset + 2 > body.Length || offset + 2 + body[offset + 1] > body.Length)
                {
                    return null;
                }

                items.Add((type, Encoding.UTF8.GetString(body.Slice(offset + 2, body[offset + 1]))));
                offset += 2 + body[offset + 1];
            }

            chunks.Add(new RtcpSdesChunk(ssrc, items));
            body = body[Math.Min(offset, body.Length)..];
        }

        return new RtcpSourceDescription(chunks);
    }

    private static RtcpBye? ParseBye(ReadOnlySpan<byte> body, int count)
    {
        if (body.Length < count * 4)
        {
            return null;
        }

        var sources = new uint[count];
        for (var i = 0; i < count; i++)
        {
            sources[i] = BinaryPrimitives.ReadUInt32BigEndian(body[(i * 4)..]);
        }

        var rest = body[(count * 4)..];
        string? reason = null;
        if (!rest.IsEmpty)
        {
            if (1 + rest[0] > rest.Length)
            {
                return null;
            }

            reason = Encoding.UTF8.GetString(rest.Slice(1, rest[0]));
        }

        return new RtcpBye(sources, reason);
    }

    private static int WriteSenderReport(Span<byte> destination, RtcpSenderReport sr)
    {
        var length = 28 + (sr.Reports.Count * 24);
        WriteHeader(destination, sr.Reports.Count, SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], sr.Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], sr.NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], sr.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], sr.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], sr.OctetCount);
        WriteBlocks(destination[28..], sr.Reports);
        return length;
    }

    private static int WriteReceiverReport(Span<byte> destination, RtcpReceiverReport rr)
    {
        var length = 8 + (rr.Reports.Count * 24);
        WriteHeader(destination, rr.Reports.Count, ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], rr.Ssrc);
        WriteBlocks(destination[8..], rr.Reports);
        return length;
    }

    private static void WriteBlocks(Span<byte> destination, IReadOnlyList<RtcpReportBlock> blocks)
    {
        if (blocks.Count > 31)
        {
            throw new ArgumentException("At most 31 report blocks fit in one SR/RR.", nameof(blocks));
        }

        for (var i = 0; i < blocks.Count; i++)
        {
            var block = destination.Slice(i * 24, 24);
            var b = blocks[i];
            BinaryPrimitives.WriteUInt32BigEndian(block, b.Ssrc);
            block[4] = b.FractionLost;
            block[5] = (byte)(b.CumulativeLost >> 16);
            block[6] = (byte)(b.CumulativeLost >> 8);
            block[7] = (byte)b.CumulativeLost;
            BinaryPrimitives.WriteUInt32BigEndian(block[8..], b.ExtendedHighestSequence);
            BinaryPrimitives.WriteUInt32BigEndian(block[12..], b.Jitter);
            BinaryPrimitives.WriteUInt32BigEndian(block[16..], b.LastSenderReport);
            BinaryPrimitives.WriteUInt32BigEndian(block[20..], b.DelaySinceLastSenderReport);
        }
    }

    private static int WriteSdes(Span<byte> destination, RtcpSourceDescription sdes)
    {
        var offset = 4;
        foreach (var chunk in sdes.Chunks)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], chunk.Ssrc);
            offset += 4;
            foreach (var (type, value) in chunk.Items)
            {
                var bytes = Encoding.UTF8.GetBytes(value);
                if (bytes.Length > 255)
                {
                    throw new ArgumentException("An SDES item holds at most 255 bytes.", nameof(sdes));
                }

                destination[offset] = type;
                destination[offset + 1] = (byte)bytes.Length;
                bytes.CopyTo(destination[(offset + 2)..]);
                offset += 2 + bytes.Length;
            }

            var end = (offset + 4) & ~3; // at least one null, then pad to 32 bits
            destination[offset..end].Clear();
            offset = end;
        }

        WriteHeader(destination, sdes.Chunks.Count, SourceDescription, offset);
        return offset;
    }

    private static int WriteBye(Span<byte> destination, RtcpBye bye)
    {
        var offset = 4;
        foreach (var source in bye.Sources)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], source);
            offset += 4;
        }

        if (bye.Reason is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(bye.Reason);
            destination[offset] = (byte)Math.Min(bytes.Length, 255);
            bytes.AsSpan(0, destination[offset]).CopyTo(destination[(offset + 1)..]);
            offset += 1 + destination[offset];
            var end = (offset + 3) & ~3;
            destination[offset..end].Clear();
            offset = end;
        }

        WriteHeader(destination, bye.Sources.Count, Goodbye, offset);
        return offset;
    }

    private static int WriteRaw(Span<byte> destination, byte type, byte count, ReadOnlySpan<byte> body)
    {
        var length = 4 + ((body.Length + 3) & ~3);
        WriteHeader(destination, count, type, length);
        body.CopyTo(destination[4..]);
        destination[(4 + body.Length)..length].Clear();
        return length;
    }

    private static void WriteHeader(Span<byte> destination, int count, byte type, int length)
    {
        destination[0] = (byte)(0x80 | (count & 0x1F));
        destination[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((length / 4) - 1));
    }
}
