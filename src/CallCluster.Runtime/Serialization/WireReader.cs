using System.Buffers.Binary;
using System.Text;

namespace CallCluster.Runtime.Serialization;

/// <summary>Reads what <see cref="WireWriter"/> wrote; a truncated or malformed input throws <see cref="WireFormatException"/>.</summary>
public ref struct WireReader(ReadOnlySpan<byte> buffer)
{
    private readonly ReadOnlySpan<byte> _buffer = buffer;
    private int _position;

    public readonly int Remaining => _buffer.Length - _position;

    public readonly ReadOnlySpan<byte> RemainingSpan => _buffer[_position..];

    public byte ReadByte() => Take(1)[0];

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadInt32();
        if (length < 0)
        {
            throw new WireFormatException($"Byte string length {length} is negative.");
        }

        return Take(length);
    }

    public ReadOnlySpan<byte> ReadBytesFixed(int count) => Take(count);

    public byte[]? ReadNullableBytes()
    {
        var length = ReadInt32();
        return length < 0 ? null : Take(length).ToArray();
    }

    public string? ReadString()
    {
        var length = ReadInt32();
        return length < 0 ? null : Encoding.UTF8.GetString(Take(length));
    }

    public string ReadRequiredString() => ReadString() ?? throw new WireFormatException("A required string was null.");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw new WireFormatException($"Needed {count} bytes at offset {_position} but only {Remaining} remain.");
        }

        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }
}
