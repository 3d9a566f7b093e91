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

    /// <summary>
    /// True when the activation handed the grain over on purpose (its silo is shutting down gracefully and the grace
    /// ended): the grain saved its state first, so re-open at once and its next activation carries on.
    /// </summary>
    public bool IsMigrating { get; init; }
}
