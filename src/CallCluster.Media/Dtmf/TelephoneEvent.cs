using System.Buffers.Binary;

namespace CallCluster.Media.Dtmf;

/// <summary>
/// One RFC 4733 telephone-event payload (4 bytes): event code, end bit, volume (dBm0 below 0, 0–63) and
/// duration in RTP timestamp units since the event's start.
/// </summary>
public readonly record struct TelephoneEvent(byte Event, bool End, byte Volume, ushort Duration)
{
    public const int PayloadSize = 4;

    /// <summary>The conventional dynamic payload type for telephone-event/8000.</summary>
    public const int DefaultPayloadType = 101;

    /// <summary>Reads a payload; false for one shorter than 4 bytes (RFC 4733 allows trailing redundancy, ignored here).</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out TelephoneEvent telephoneEvent)
    {
        if (payload.Length < PayloadSize)
        {
            telephoneEvent = default;
            return false;
        }

        telephoneEvent = new TelephoneEvent(
            payload[0],
            (payload[1] & 0x80) != 0,
            (byte)(payload[1] & 0x3F),
            BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        return true;
    }

    /// <summary>Writes the 4-byte payload and returns its length.</summary>
    public int Write(Span<byte> payload)
    {
        if (payload.Length < PayloadSize)
        {
            throw new ArgumentException($"A telephone-event payload needs {PayloadSize} bytes.", nameof(payload));
        }

        if (Volume > 63)
        {
            throw new InvalidOperationException($"Volume {Volume} is out of range 0-63.");
        }

        payload[0] = Event;
        payload[1] = (byte)((End ? 0x80 : 0) | Volume);
        BinaryPrimitives.WriteUInt16BigEndian(payload[2..], Duration);
        return PayloadSize;
    }
}
