namespace CallCluster.Runtime.Serialization;

/// <summary>Bytes on the wire do not parse: a truncated frame, a bad length, or an unknown type.</summary>
public sealed class WireFormatException : Exception
{
    public WireFormatException()
    {
    }

    public WireFormatException(string message)
        : base(message)
    {
    }

    public WireFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
