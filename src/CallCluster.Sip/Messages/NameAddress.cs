using System.Text;

namespace CallCluster.Sip.Messages;

/// <summary>
/// A From, To, Contact, Route, Record-Route, Refer-To value: <c>[display-name] &lt;URI&gt; *(;param)</c> or a bare
/// addr-spec. Contact may also be the wildcard <c>*</c>.
/// </summary>
public sealed class NameAddress
{
    public NameAddress(SipUri uri, string? displayName = null)
    {
        Uri = uri;
        DisplayName = displayName;
    }

    private NameAddress()
    {
        Uri = null!;
        IsWildcard = true;
    }

    /// <summary>The display name with quotes removed and quoted-pairs resolved; null when absent.</summary>
    public string? DisplayName { get; set; }

    public SipUri Uri { get; set; }

    public SipParameters Parameters { get; private set; } = new();

    /// <summary>True for <c>Contact: *</c> (REGISTER removal of all bindings).</summary>
    public bool IsWildcard { get; }

    public string? Tag
    {
        get => Parameters.Get("tag");
        set
        {
            if (value is null)
            {
                Parameters.Remove("tag");
            }
            else
            {
                Parameters.Set("tag", value);
            }
        }
    }

    public static NameAddress Parse(string text) => Parse(text.AsSpan());

    public static NameAddress Parse(ReadOnlySpan<char> text)
    {
        text = SipGrammar.TrimWhitespace(text);
        if (text.Length == 1 && text[0] == '*')
        {
            return new NameAddress();
        }

        if (text.IsEmpty)
        {
            throw new SipParseException("Empty address");
        }

        string? displayName = null;
        var rest = text;
        if (rest[0] == '"')
        {
            var length = SipGrammar.QuotedStringLength(rest);
            if (length < 0)
            {
                throw new SipParseException("Unterminated quoted display name");
            }

            displayName = SipGrammar.Unquote(rest[..length]);
            rest = SipGrammar.TrimWhitespace(rest[length..]);
            if (rest.IsEmpty || rest[0] != '<')
            {
                throw new SipParseException("Quoted display name without <URI>");
            }
        }

        var open = rest.IndexOf('<');
        if (open >= 0)
        {
            if (displayName is null && open > 0)
            {
                displayName = ParseTokenDisplayName(rest[..open]);
            }

            var close = rest.IndexOf('>');
            if (close < open)
            {
                throw new SipParseException("Unterminated angle bracket in address");
            }

            var address = new NameAddress(SipUri.Parse(rest[(open + 1)..close]), displayName);
            address.Parameters = SipParameters.ParseHeaderParameters(rest[(close + 1)..]);
            return address;
        }

        // addr-spec: the URI ends at the first ";" (what follows are header parameters), and it may not hold
        // ",", "?" or ";" itself (RFC 3261 §20.10), or it would need angle brackets.
        var semicolon = rest.IndexOf(';');
        var uriText = SipGrammar.TrimWhitespace(semicolon < 0 ? rest : rest[..semicolon]);
        if (uriText.ContainsAny(",?") || uriText.ContainsAny(" \t"))
        {
            throw new SipParseException("Address with ',', '?' or spaces must be in angle brackets");
        }

        var bare = new NameAddress(SipUri.Parse(uriText));
        bare.Parameters = SipParameters.ParseHeaderParameters(semicolon < 0 ? [] : rest[semicolon..]);
        return bare;
    }

    public override string ToString()
    {
        if (IsWildcard)
        {
            return "*";
        }

        var builder = new StringBuilder(96);
        if (!string.IsNullOrEmpty(DisplayName))
        {
            builder.Append(SipGrammar.Quote(DisplayName)).Append(' ');
        }

        builder.Append('<');
        Uri.AppendTo(builder);
        builder.Append('>');
        Parameters.AppendTo(builder);
        return builder.ToString();
    }

    private static string ParseTokenDisplayName(ReadOnlySpan<char> text)
    {
        // display-name = *(token LWS): unquoted names may hold only tokens separated by whitespace.
        var trimmed = SipGrammar.TrimWhitespace(text);
        foreach (var range in trimmed.SplitAny(" \t"))
        {
            var word = trimmed[range];
            if (!word.IsEmpty && !SipGrammar.IsToken(word))
            {
                throw new SipParseException("Display name must be quoted");
            }
        }

        return trimmed.ToString();
    }
}
