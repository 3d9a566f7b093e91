namespace CallCluster.Sip.Messages;

/// <summary>
/// Thrown for any malformed SIP input. <see cref="StatusCode"/> and <see cref="ReasonPhrase"/> are what a
/// UAS answers with (400 for syntax, 505 for an unsupported version), so a bad message costs one response
/// and never an unhandled exception of some other type.
/// </summary>
public sealed class SipParseException : Exception
{
    public SipParseException()
        : this(400, "Bad Request")
    {
    }

    public SipParseException(string reasonPhrase)
        : this(400, reasonPhrase)
    {
    }

    public SipParseException(string reasonPhrase, Exception innerException)
        : base(reasonPhrase, innerException)
    {
        StatusCode = 400;
        ReasonPhrase = reasonPhrase;
    }

    public SipParseException(int statusCode, string reasonPhrase)
        : base(reasonPhrase)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    /// <summary>The status a UAS sends back: 400, or 505 for a SIP version other than 2.0.</summary>
    public int StatusCode { get; }

    /// <summary>A short phrase that names what was wrong, suitable for the response's status line.</summary>
    public string ReasonPhrase { get; }
}
