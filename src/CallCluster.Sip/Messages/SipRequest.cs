using System.Text;

namespace CallCluster.Sip.Messages;

/// <summary>A SIP request: <c>Method SP Request-URI SP SIP/2.0</c> plus headers and body.</summary>
public sealed class SipRequest : SipMessage
{
    public SipRequest(string method, SipUri requestUri)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(requestUri);
        Method = method;
        RequestUri = requestUri;
    }

    public string Method { get; }

    public SipUri RequestUri { get; set; }

    public bool IsInvite => Method == SipMethods.Invite;

    internal override void AppendStartLine(StringBuilder builder)
    {
        builder.Append(Method).Append(' ');
        RequestUri.AppendTo(builder);
        builder.Append(" SIP/2.0");
    }

    internal override void Validate()
    {
        base.Validate();
        if (!string.Equals(CSeq.Method, Method, StringComparison.Ordinal))
        {
            throw new SipParseException("CSeq method does not match request method");
        }
    }
}
