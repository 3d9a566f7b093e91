using System.Buffers;
using CallCluster.Runtime.Serialization;

namespace CallCluster.Runtime.Activation;

internal enum CallStatus : byte
{
    Ok = 0,

    /// <summary>The grain method threw; the body holds the exception type and message.</summary>
    Failed = 1,

    /// <summary>The silo that was to run the call is gone or unreachable; the body holds why.</summary>
    Unavailable = 2,

    /// <summary>Never on the wire: the connection closed before the request reached the socket, so it did not run
    /// and may be sent elsewhere.</summary>
    NotSent = 3,
}

/// <summary>The outcome of a grain call, as it crosses the wire.</summary>
internal sealed record CallResponse(CallStatus Status, byte[] Body, SiloAddress? ServedBy)
{
    public static CallResponse Ok(byte[] result, SiloAddress servedBy) => new(CallStatus.Ok, result, servedBy);

    public static CallResponse Failed(Exception exception, SiloAddress? servedBy)
    {
        var writer = new ArrayBufferWriter<byte>();
        writer.WriteString(exception.GetType().FullName);
        writer.WriteString(exception.Message);
        return new CallResponse(CallStatus.Failed, writer.WrittenSpan.ToArray(), servedBy);
    }

    public static CallResponse Unavailable(string reason)
    {
        var writer = new ArrayBufferWriter<byte>();
        writer.WriteString(reason);
        return new CallResponse(CallStatus.Unavailable, writer.WrittenSpan.ToArray(), null);
    }

    public static CallResponse NotSent(string reason) => Unavailable(reason) with { Status = CallStatus.NotSent };

    /// <summary>Returns the result bytes, or throws what the call ended with.</summary>
    public byte[] ResultOrThrow()
    {
        switch (Status)
        {
            case CallStatus.Ok:
                return Body;
            case CallStatus.Failed:
                {
                    var reader = new WireReader(Body);
                    var type = reader.ReadString() ?? "unknown";
                    throw new GrainCallException(type, reader.ReadString() ?? string.Empty);
                }

            default:
                {
                    var reader = new WireReader(Body);
                    throw new SiloUnavailableException(reader.ReadString() ?? "The silo is unavailable.");
                }
        }
    }
}
