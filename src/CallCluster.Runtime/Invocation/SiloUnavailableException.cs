namespace CallCluster.Runtime;

/// <summary>
/// The silo that was to run a call is gone (its connection closed or could not be opened). The call may or
/// may not have run; the grain will be re-resolved on the next call.
/// </summary>
public sealed class SiloUnavailableException : Exception
{
    public SiloUnavailableException()
    {
    }

    public SiloUnavailableException(string message)
        : base(message)
    {
    }

    public SiloUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
