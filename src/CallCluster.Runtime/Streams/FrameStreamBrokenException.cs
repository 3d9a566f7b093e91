namespace CallCluster.Runtime.Streams;

/// <summary>
/// A frame stream ended abnormally: the connection dropped (the silo or client died), the activation went
/// away, or the peer broke the credit protocol. The edge should re-resolve the grain and open a new stream.
/// </summary>
public sealed class FrameStreamBrokenException : Exception
{
    public FrameStreamBrokenException()
    {
    }

    public FrameStreamBrokenException(string message)
        : base(message)
    {
    }

    public FrameStreamBrokenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
