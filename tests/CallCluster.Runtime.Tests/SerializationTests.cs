using System.Buffers;
using CallCluster.Runtime.Serialization;
using CallCluster.Runtime.Tests.Grains;
using FsCheck;
using FsCheck.Fluent;

namespace CallCluster.Runtime.Tests;

public sealed class SerializationTests
{
    [Fact]
    public void Primitive_codecs_round_trip_any_value()
    {
        Prop.ForAll<string, long, double>((text, number, real) =>
                RoundTrip(text) == text && RoundTrip(number) == number && RoundTrip((int)number) == (int)number
                && RoundTrip(number % 2 == 0) == (number % 2 == 0) && RoundTrip(real).Equals(real))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Byte_arrays_guids_times_and_enums_round_trip()
    {
        Prop.ForAll<byte[], Guid, long>((bytes, id, ticks) =>
            {
                var span = TimeSpan.FromTicks(ticks);
                var when = new DateTimeOffset(Math.Abs(ticks % (DateTime.MaxValue.Ticks - (2 * TimeSpan.TicksPerDay))) + TimeSpan.TicksPerDay, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(-5));
                return (bytes is null ? RoundTrip(bytes) is null : RoundTrip(bytes)!.SequenceEqual(bytes))
                    && RoundTrip(id) == id && RoundTrip(span) == span && RoundTrip(when).Equals(when) && RoundTrip(when).Offset == when.Offset
                    && RoundTrip(Color.Blue) == Color.Blue;
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Records_round_trip_through_their_json_field()
    {
        var sample = new Sample("x", [1, 2, 3], new Sample("y", [], null));
        var back = RoundTrip(sample);
        Assert.Equal(sample.Name, back.Name);
        Assert.Equal(sample.Values, back.Values);
        Assert.Equal("y", back.Next!.Name);
    }

    [Fact]
    public void Truncated_input_is_a_clear_wire_format_error()
    {
        var writer = new ArrayBufferWriter<byte>();
        CodecRegistry.For<string>().Write(writer, "hello");
        var truncated = writer.WrittenSpan[..4].ToArray();
        var error = Assert.Throws<WireFormatException>(() =>
        {
            var reader = new WireReader(truncated);
            CodecRegistry.For<string>().Read(ref reader);
        });
        Assert.Contains("Needed 5 bytes", error.Message, StringComparison.Ordinal);
    }

    private static T RoundTrip<T>(T value)
    {
        var writer = new ArrayBufferWriter<byte>();
        var codec = CodecRegistry.For<T>();
        codec.Write(writer, value);
        var reader = new WireReader(writer.WrittenSpan);
        var result = codec.Read(ref reader);
        Assert.Equal(0, reader.Remaining);
        return result;
    }
}
