namespace CallCluster.Edge.Calls;

/// <summary>
/// The line tried to hand the caller over and it did not happen: the far end refused the request, or reported that
/// its call to the target failed, or never said. The caller is still on the line with the agent.
/// </summary>
public sealed class TransferFailedException : InvalidOperationException
{
    public TransferFailedException()
        : base("The transfer failed.")
    {
    }

    public TransferFailedException(string message)
        : base(message)
    {
    }

    public TransferFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <param name="message">Why, without the target (PII).</param>
    /// <param name="statusCode">The SIP status that decided it (the REFER's error, the sipfrag's final status, 408 for no answer in time).</param>
    public TransferFailedException(string message, int statusCode)
        : base(message) => StatusCode = statusCode;

    /// <summary>The SIP status that decided the failure, when the line is SIP.</summary>
    public int? StatusCode { get; }
}
