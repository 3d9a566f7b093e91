namespace CallCluster.Runtime;

/// <summary>A grain method threw; the exception's type and message cross the wire, its stack trace stays behind.</summary>
public sealed class GrainCallException : Exception
{
    public GrainCallException()
    {
    }

    public GrainCallException(string message)
        : base(message)
    {
    }

    public GrainCallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GrainCallException(string remoteExceptionType, string message)
        : base(message)
    {
        RemoteExceptionType = remoteExceptionType;
    }

    /// <summary>The full type name of the exception the grain threw, e.g. System.InvalidOperationException.</summary>
    public string? RemoteExceptionType { get; }
}
