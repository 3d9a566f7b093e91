using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace CallCluster.Runtime.Serialization;

/// <summary>Little-endian primitives over any <see cref="IBufferWriter{T}"/>: the runtime's wire format.</summary>
public static class WireWriter
{
    public static void WriteByte(this IBufferWriter<byte> writer, byte value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    public static void WriteInt32(this IBufferWriter<byte> writer, int value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), value);
        writer.Advance(4);
    }

    public static void WriteInt64(this IBufferWriter<byte> writer, long value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        BinaryPrimitives.WriteInt64LittleEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    public static void WriteDouble(this IBufferWriter<byte> writer, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        BinaryPrimitives.WriteDoubleLittleEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    /// <summary>Writes a length (-1 for null) then the bytes.</summary>
    public static void WriteBytes(this IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        writer.WriteInt32(value.Length);
        writer.Write(value);
    }

    public static void WriteNullableBytes(this IBufferWriter<byte> writer, byte[]? value)
    {
        if (value is null)
        {
            writer.WriteInt32(-1);
            return;
        }

        writer.WriteBytes(value);
    }

    /// <summary>Writes a UTF-8 byte count (-1 for null) then the UTF-8 bytes.</summary>
    public static void WriteString(this IBufferWriter<byte> writer, string? value)
    {
        if (value is null)
        {
            writer.WriteInt32(-1);
            return;
        }

        var count = Encoding.UTF8.GetByteCount(value);
        writer.WriteInt32(count);
        var span = writer.GetSpan(count);
        Encoding.UTF8.GetBytes(value, span);
        writer.Advance(count);
    }
}
