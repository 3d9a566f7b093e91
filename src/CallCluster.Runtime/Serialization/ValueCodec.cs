using System.Buffers;

namespace CallCluster.Runtime.Serialization;

/// <summary>Serializes values of one type for grain call arguments and results.</summary>
public abstract class ValueCodec
{
    public abstract Type Type { get; }

    public abstract void WriteBoxed(IBufferWriter<byte> writer, object? value);

    public abstract object? ReadBoxed(ref WireReader reader);
}

/// <summary>A codec with typed entry points, so results are not boxed.</summary>
public abstract class ValueCodec<T> : ValueCodec
{
    public override Type Type => typeof(T);

    public abstract void Write(IBufferWriter<byte> writer, T value);

    public abstract T Read(ref WireReader reader);

    public override void WriteBoxed(IBufferWriter<byte> writer, object? value) => Write(writer, (T)value!);

    public override object? ReadBoxed(ref WireReader reader) => Read(ref reader);
}
