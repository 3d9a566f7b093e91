using System.Globalization;
using System.Text;

namespace CallCluster.Sip.Messages;

/// <summary>A SIP response: <c>SIP/2.0 SP Status-Code SP Reason-Phrase</c> plus headers and body.</summary>
public sealed class SipResponse : SipMessage
{
    public SipResponse(int statusCode, string reasonPhrase)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public bool IsProvisional => StatusCode < 200;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>
    /// A response to <paramref name="request"/> per RFC 3261 §8.2.6.2: Via, From, To, Call-ID and CSeq copied,
    /// and a To tag added when given and the request had none.
    /// </summary>
    public static SipResponse CreateFor(SipRequest request, int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new SipResponse(statusCode, reasonPhrase ?? SipReasonPhrases.For(statusCode));
        foreach (var via in request.Headers.GetAll(SipHeaderNames.Via))
        {
            response.Headers.Add(SipHeaderNames.Via, via);
        }

        response.Headers.Add(SipHeaderNames.From, request.Headers.Get(SipHeaderNames.From) ?? string.Empty);
        var to = request.To;
        if (toTag is not null && to.Tag is null && statusCode > 100)
        {
            to.Tag = toTag;
            response.Headers.Add(SipHeaderNames.To, to.ToString());
        }
        else
        {
            response.Headers.Add(SipHeaderNames.To, request.Headers.Get(SipHeaderNames.To) ?? string.Empty);
        }

        response.Headers.Add(SipHeaderNames.CallId, request.CallId);
        response.Headers.Add(SipHeaderNames.CSeq, request.Headers.Get(SipHeaderNames.CSeq) ?? string.Empty);
        return response;
    }

    internal override void AppendStartLine(StringBuilder builder) =>
        builder.Append("SIP/2.0 ").Append(StatusCode.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(ReasonPhrase);
}
