namespace CallCluster.Runtime.Messaging;

/// <summary>The peer sent bytes that break the framing protocol; the connection is closed.</summary>
internal sealed class ProtocolViolationException : Exception
{
    public ProtocolViolationException()
    {
    }

    public ProtocolViolationException(string message)
        : base(message)
    {
    }

    public ProtocolViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
