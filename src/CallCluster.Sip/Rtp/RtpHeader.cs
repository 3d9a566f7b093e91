using System.Buffers.Binary;

namespace CallCluster.Sip.Rtp;

/// <summary>The fields to write for an outgoing RTP packet; see <see cref="Write"/>.</summary>
public readonly record struct RtpHeader(byte PayloadType, ushort SequenceNumber, uint Timestamp, uint Ssrc, bool Marker = false)
{
    /// <summary>
    /// Writes header, optional CSRCs and extension, payload and padding into <paramref name="destination"/>; returns
    /// the packet length. The caller supplies a pooled buffer, so sending a frame allocates nothing.
    /// </summary>
    public int Write(Span<byte> destination, ReadOnlySpan<byte> payload, ReadOnlySpan<uint> csrcs = default,
        ushort extensionProfile = 0, ReadOnlySpan<byte> extension = default, byte paddingBytes = 0)
    {
        if (PayloadType > 127 || csrcs.Length > 15 || extension.Length % 4 != 0 || extension.Length / 4 > ushort.MaxValue)
        {
            throw new ArgumentException("Invalid RTP header fields.");
        }

        var hasExtension = !extension.IsEmpty || extensionProfile != 0;
        var length = RtpPacket.FixedHeaderLength + (csrcs.Length * 4) + (hasExtension ? 4 + extension.Length : 0) + payload.Length + paddingBytes;
        if (destination.Length < length)
        {
            throw new ArgumentException("Destination too small for the RTP packet.", nameof(destination));
        }

        destination[0] = (byte)(0x80 | (paddingBytes > 0 ? 0x20 : 0) | (hasExtension ? 0x10 : 0) | csrcs.Length);
        destination[1] = (byte)((Marker ? 0x80 : 0) | PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        var offset = RtpPacket.FixedHeaderLength;
        foreach (var csrc in csrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], csrc);
            offset += 4;
        }

        if (hasExtension)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], extensionProfile);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)(extension.Length / 4));
            extension.CopyTo(destination[(offset + 4)..]);
            offset += 4 + extension.Length;
        }

        payload.CopyTo(destination[offset..]);
        offset += payload.Length;
        if (paddingBytes > 0)
        {
            destination.Slice(offset, paddingBytes - 1).Clear();
            destination[offset + paddingBytes - 1] = paddingBytes;
            offset += paddingBytes;
        }

        return offset;
    }
}
