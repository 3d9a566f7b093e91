namespace CallCluster.Edge.Sip;

/// <summary>A transfer target the edge cannot turn into a SIP URI: a configuration error, reported to the agent as a failed transfer.</summary>
public sealed class TransferTargetException : InvalidOperationException
{
    public TransferTargetException()
        : base("The transfer target cannot be resolved to a SIP URI.")
    {
    }

    public TransferTargetException(string message)
        : base(message)
    {
    }

    public TransferTargetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
