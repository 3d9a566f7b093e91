namespace CallCluster.Sip.Dialogs;

/// <summary>An outbound call ended with a final non-2xx response (or a synthesized 408/503).</summary>
public sealed class SipCallFailedException : Exception
{
    public SipCallFailedException()
    {
    }

    public SipCallFailedException(string message)
        : base(message)
    {
    }

    public SipCallFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SipCallFailedException(int statusCode, string reasonPhrase)
        : base($"{statusCode} {reasonPhrase}")
    {
        StatusCode = statusCode;
    }

    public int StatusCode { get; }
}
