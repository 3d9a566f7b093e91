using System.Collections.Concurrent;
using System.Text.Json;

namespace CallCluster.Runtime.Serialization;

/// <summary>
/// Finds the codec for a type, once: compact binary for primitives, strings, byte arrays, Guid, times and
/// enums; JSON for everything else (see <see cref="JsonCodec{T}"/> for why).
/// </summary>
public static class CodecRegistry
{
    // Fields included: tuples and field-only types would otherwise cross the wire silently empty.
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.General) { IncludeFields = true };

    private static readonly ConcurrentDictionary<Type, ValueCodec> Codecs = new(new Dictionary<Type, ValueCodec>
    {
        [typeof(bool)] = new BoolCodec(),
        [typeof(int)] = new Int32Codec(),
        [typeof(long)] = new Int64Codec(),
        [typeof(double)] = new DoubleCodec(),
        [typeof(string)] = new StringCodec(),
        [typeof(byte[])] = new ByteArrayCodec(),
        [typeof(Guid)] = new GuidCodec(),
        [typeof(TimeSpan)] = new TimeSpanCodec(),
        [typeof(DateTimeOffset)] = new DateTimeOffsetCodec(),
    });

    public static ValueCodec For(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Codecs.GetOrAdd(type, static t => Create(t));
    }

    public static ValueCodec<T> For<T>() => (ValueCodec<T>)For(typeof(T));

    private static ValueCodec Create(Type type)
    {
        var codecType = type.IsEnum
            ? typeof(EnumCodec<>).MakeGenericType(type)
            : typeof(JsonCodec<>).MakeGenericType(type);
        return type.IsEnum
            ? (ValueCodec)Activator.CreateInstance(codecType)!
            : (ValueCodec)Activator.CreateInstance(codecType, JsonOptions)!;
    }
}
