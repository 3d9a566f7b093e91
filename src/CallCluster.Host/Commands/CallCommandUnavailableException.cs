namespace CallCluster.Host.Commands;

/// <summary>The call cannot be placed with what this build has (for example a transport not built in).</summary>
public sealed class CallCommandUnavailableException : Exception
{
    public CallCommandUnavailableException()
    {
    }

    public CallCommandUnavailableException(string message)
        : base(message)
    {
    }

    public CallCommandUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
