using System.Buffers.Binary;

namespace CallCluster.Sip.Rtp;

/// <summary>
/// An RTP packet (RFC 3550 §5.1) viewed over its bytes without copying: header fields, CSRC list, header
/// extension and payload (padding removed). Parsing never throws; malformed input makes <see cref="TryParse"/> false.
/// </summary>
public readonly ref struct RtpPacket
{
    public const int FixedHeaderLength = 12;

    private readonly ReadOnlySpan<byte> _csrcs;

    private RtpPacket(ReadOnlySpan<byte> data, int csrcCount, ReadOnlySpan<byte> extension, ushort extensionProfile, ReadOnlySpan<byte> payload, bool padding)
    {
        Marker = (data[1] & 0x80) != 0;
        PayloadType = (byte)(data[1] & 0x7F);
        SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        Timestamp = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        Ssrc = BinaryPrimitives.ReadUInt32BigEndian(data[8..]);
        _csrcs = data.Slice(FixedHeaderLength, csrcCount * 4);
        Extension = extension;
        ExtensionProfile = extensionProfile;
        HasExtension = (data[0] & 0x10) != 0;
        Payload = payload;
        HasPadding = padding;
    }

    public bool Marker { get; }

    public byte PayloadType { get; }

    public ushort SequenceNumber { get; }

    public uint Timestamp { get; }

    public uint Ssrc { get; }

    public int CsrcCount => _csrcs.Length / 4;

    public bool HasPadding { get; }

    public bool HasExtension { get; }

    /// <summary>The "defined by profile" field of the header extension (0xBEDE for RFC 8285 one-byte headers).</summary>
    public ushort ExtensionProfile { get; }

    /// <summary>Header extension data, without its 4-byte profile/length word.</summary>
    public ReadOnlySpan<byte> Extension { get; }

    public ReadOnlySpan<byte> Payload { get; }

    public uint Csrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(_csrcs[(index * 4)..]);

    public static bool TryParse(ReadOnlySpan<byte> data, out RtpPacket packet)
    {
        packet = default;
        if (data.Length < FixedHeaderLength || data[0] >> 6 != 2)
        {
            return false;
        }

        var csrcCount = data[0] & 0x0F;
        var offset = FixedHeaderLength + (csrcCount * 4);
        if (data.Length < offset)
        {
            return false;
        }

        ReadOnlySpan<byte> extension = default;
        ushort profile = 0;
        if ((data[0] & 0x10) != 0)
        {
            if (data.Length < offset + 4)
            {
                return false;
            }

            profile = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            var words = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            offset += 4;
            if (data.Length < offset + (words * 4))
            {
                return false;
            }

            extension = data.Slice(offset, words * 4);
            offset += words * 4;
        }

        var end = data.Length;
        var padding = (data[0] & 0x20) != 0;
        if (padding)
        {
            // The last byte counts the padding, itself included (RFC 3550 §5.1).
            var count = data[^1];
            if (count == 0 || end - count < offset)
            {
                return false;
            }

            end -= count;
        }

        packet = new RtpPacket(data, csrcCount, extension, profile, data[offset..end], padding);
        return true;
    }
}
