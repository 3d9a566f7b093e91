namespace CallCluster.Sip.Transport;

/// <summary>A message could not be sent (connection refused, no route…). The transaction layer reports it as a 503.</summary>
public sealed class SipTransportException : Exception
{
    public SipTransportException()
    {
    }

    public SipTransportException(string message)
        : base(message)
    {
    }

    public SipTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
