using System.Globalization;

namespace CallCluster.Sip.Messages;

/// <summary>RFC 4028 Session-Expires: <c>delta-seconds [;refresher=uac|uas]</c>.</summary>
public readonly record struct SessionExpiresHeader(int DeltaSeconds, string? Refresher)
{
    public static SessionExpiresHeader Parse(ReadOnlySpan<char> text)
    {
        var semicolon = text.IndexOf(';');
        var delta = SipGrammar.TrimWhitespace(semicolon < 0 ? text : text[..semicolon]);
        if (!SipGrammar.TryParseDigits(delta, int.MaxValue, out var seconds))
        {
            throw new SipParseException("Invalid Session-Expires");
        }

        var parameters = SipParameters.ParseHeaderParameters(semicolon < 0 ? [] : text[semicolon..]);
        var refresher = parameters.Get("refresher")?.ToLowerInvariant();
        if (refresher is not (null or "uac" or "uas"))
        {
            throw new SipParseException("Invalid Session-Expires refresher");
        }

        return new SessionExpiresHeader((int)seconds, refresher);
    }

    public override string ToString() =>
        DeltaSeconds.ToString(CultureInfo.InvariantCulture) + (Refresher is null ? string.Empty : ";refresher=" + Refresher);
}
