using System.Buffers;

namespace CallCluster.Runtime.Serialization;

internal sealed class BoolCodec : ValueCodec<bool>
{
    public override void Write(IBufferWriter<byte> writer, bool value) => writer.WriteByte(value ? (byte)1 : (byte)0);

    public override bool Read(ref WireReader reader) => reader.ReadByte() != 0;
}

internal sealed class Int32Codec : ValueCodec<int>
{
    public override void Write(IBufferWriter<byte> writer, int value) => writer.WriteInt32(value);

    public override int Read(ref WireReader reader) => reader.ReadInt32();
}

internal sealed class Int64Codec : ValueCodec<long>
{
    public override void Write(IBufferWriter<byte> writer, long value) => writer.WriteInt64(value);

    public override long Read(ref WireReader reader) => reader.ReadInt64();
}

internal sealed class DoubleCodec : ValueCodec<double>
{
    public override void Write(IBufferWriter<byte> writer, double value) => writer.WriteDouble(value);

    public override double Read(ref WireReader reader) => reader.ReadDouble();
}

internal sealed class StringCodec : ValueCodec<string?>
{
    public override void Write(IBufferWriter<byte> writer, string? value) => writer.WriteString(value);

    public override string? Read(ref WireReader reader) => reader.ReadString();
}

internal sealed class ByteArrayCodec : ValueCodec<byte[]?>
{
    public override void Write(IBufferWriter<byte> writer, byte[]? value) => writer.WriteNullableBytes(value);

    public override byte[]? Read(ref WireReader reader) => reader.ReadNullableBytes();
}

internal sealed class GuidCodec : ValueCodec<Guid>
{
    public override void Write(IBufferWriter<byte> writer, Guid value)
    {
        value.TryWriteBytes(writer.GetSpan(16));
        writer.Advance(16);
    }

    public override Guid Read(ref WireReader reader)
    {
        var bytes = reader.ReadBytesFixed(16);
        return new Guid(bytes);
    }
}

internal sealed class TimeSpanCodec : ValueCodec<TimeSpan>
{
    public override void Write(IBufferWriter<byte> writer, TimeSpan value) => writer.WriteInt64(value.Ticks);

    public override TimeSpan Read(ref WireReader reader) => new(reader.ReadInt64());
}

internal sealed class DateTimeOffsetCodec : ValueCodec<DateTimeOffset>
{
    public override void Write(IBufferWriter<byte> writer, DateTimeOffset value)
    {
        writer.WriteInt64(value.UtcTicks);
        writer.WriteInt32((int)value.Offset.TotalMinutes);
    }

    public override DateTimeOffset Read(ref WireReader reader)
    {
        var ticks = reader.ReadInt64();
        var offset = TimeSpan.FromMinutes(reader.ReadInt32());
        return new DateTimeOffset(ticks + offset.Ticks, offset);
    }
}

/// <summary>Enums travel as their Int64 value.</summary>
internal sealed class EnumCodec<TEnum> : ValueCodec<TEnum>
    where TEnum : struct, Enum
{
    public override void Write(IBufferWriter<byte> writer, TEnum value) => writer.WriteInt64(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));

    public override TEnum Read(ref WireReader reader) => (TEnum)Enum.ToObject(typeof(TEnum), reader.ReadInt64());
}
