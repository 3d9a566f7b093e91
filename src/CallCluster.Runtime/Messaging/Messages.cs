using System.Buffers;
using CallCluster.Runtime.Activation;
using CallCluster.Runtime.Serialization;

namespace CallCluster.Runtime.Messaging;

/// <summary>A grain call on the wire.</summary>
internal readonly record struct RequestMessage(
    long CorrelationId,
    GrainId Target,
    int InterfaceId,
    int MethodId,
    int Hops,
    bool PlacedHere,
    byte[] Arguments)
{
    public byte[] Serialize()
    {
        var writer = new ArrayBufferWriter<byte>(64 + Arguments.Length);
        writer.WriteInt64(CorrelationId);
        writer.WriteString(Target.Type);
        writer.WriteString(Target.Key);
        writer.WriteInt32(InterfaceId);
        writer.WriteInt32(MethodId);
        writer.WriteByte((byte)Hops);
        writer.WriteByte(PlacedHere ? (byte)1 : (byte)0);
        writer.WriteBytes(Arguments);
        return writer.WrittenSpan.ToArray();
    }

    public static RequestMessage Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        return new RequestMessage(
            reader.ReadInt64(),
            new GrainId(reader.ReadRequiredString(), reader.ReadRequiredString()),
            reader.ReadInt32(),
            reader.ReadInt32(),
            reader.ReadByte(),
            reader.ReadByte() != 0,
            reader.ReadBytes().ToArray());
    }
}

/// <summary>The answer to a <see cref="RequestMessage"/>, matched by correlation id.</summary>
internal static class ResponseMessage
{
    public static byte[] Serialize(long correlationId, CallResponse response)
    {
        var writer = new ArrayBufferWriter<byte>(32 + response.Body.Length);
        writer.WriteInt64(correlationId);
        writer.WriteByte((byte)response.Status);
        writer.WriteString(response.ServedBy?.ToString());
        writer.WriteBytes(response.Body);
        return writer.WrittenSpan.ToArray();
    }

    public static (long CorrelationId, CallResponse Response) Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        var correlationId = reader.ReadInt64();
        var status = (CallStatus)reader.ReadByte();
        var servedBy = reader.ReadString() is { } text ? SiloAddress.Parse(text) : (SiloAddress?)null;
        return (correlationId, new CallResponse(status, reader.ReadBytes().ToArray(), servedBy));
    }
}

/// <summary>Who opened a connection: a silo (with its address) or a client.</summary>
internal static class HelloMessage
{
    public static byte[] Serialize(SiloAddress? silo)
    {
        var writer = new ArrayBufferWriter<byte>(64);
        writer.WriteString(silo?.ToString());
        return writer.WrittenSpan.ToArray();
    }

    public static SiloAddress? Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        return reader.ReadString() is { } text ? SiloAddress.Parse(text) : null;
    }
}

/// <summary>A probe reply: the probed silo is alive, and this is its load.</summary>
internal static class ProbeMessage
{
    public static byte[] SerializeProbe(long correlationId)
    {
        var writer = new ArrayBufferWriter<byte>(8);
        writer.WriteInt64(correlationId);
        return writer.WrittenSpan.ToArray();
    }

    public static byte[] SerializeReply(long correlationId, SiloLoad load)
    {
        var writer = new ArrayBufferWriter<byte>(24);
        writer.WriteInt64(correlationId);
        writer.WriteInt32(load.ActivationCount);
        writer.WriteDouble(load.CpuUsage);
        return writer.WrittenSpan.ToArray();
    }

    public static (long CorrelationId, SiloLoad Load) ParseReply(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        return (reader.ReadInt64(), new SiloLoad(reader.ReadInt32(), reader.ReadDouble()));
    }
}
