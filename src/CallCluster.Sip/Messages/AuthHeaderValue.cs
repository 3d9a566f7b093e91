using System.Text;

namespace CallCluster.Sip.Messages;

/// <summary>
/// A WWW-Authenticate, Proxy-Authenticate, Authorization or Proxy-Authorization value:
/// <c>scheme auth-param *("," auth-param)</c>. Parameter values are stored unquoted.
/// </summary>
public sealed class AuthHeaderValue
{
    private readonly List<(string Name, string Value, bool Quoted)> _parameters = [];

    public AuthHeaderValue(string scheme)
    {
        Scheme = scheme;
    }

    public string Scheme { get; }

    public int Count => _parameters.Count;

    public string? Get(string name)
    {
        foreach (var (key, value, _) in _parameters)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Adds a parameter; <paramref name="quoted"/> controls the wire form (RFC 7616 fixes which are quoted).</summary>
    public AuthHeaderValue Add(string name, string value, bool quoted)
    {
        _parameters.Add((name, value, quoted));
        return this;
    }

    public static AuthHeaderValue Parse(ReadOnlySpan<char> text)
    {
        text = SipGrammar.TrimWhitespace(text);
        var space = text.IndexOfAny(" \t");
        var scheme = space < 0 ? text : text[..space];
        if (!SipGrammar.IsToken(scheme))
        {
            throw new SipParseException("Malformed authentication scheme");
        }

        var result = new AuthHeaderValue(scheme.ToString());
        var rest = space < 0 ? [] : SipGrammar.TrimWhitespace(text[space..]);
        while (!rest.IsEmpty)
        {
            var equals = rest.IndexOf('=');
            if (equals <= 0)
            {
                throw new SipParseException("Malformed authentication parameter");
            }

            var name = SipGrammar.TrimWhitespace(rest[..equals]);
            if (!SipGrammar.IsToken(name))
            {
                throw new SipParseException("Malformed authentication parameter name");
            }

            rest = SipGrammar.TrimWhitespace(rest[(equals + 1)..]);
            string value;
            bool quoted;
            if (!rest.IsEmpty && rest[0] == '"')
            {
                var length = SipGrammar.QuotedStringLength(rest);
                if (length < 0)
                {
                    throw new SipParseException("Unterminated quoted authentication parameter");
                }

                value = SipGrammar.Unquote(rest[..length]);
                quoted = true;
                rest = SipGrammar.TrimWhitespace(rest[length..]);
            }
            else
            {
                var end = rest.IndexOf(',');
                var token = SipGrammar.TrimWhitespace(end < 0 ? rest : rest[..end]);
                if (!SipGrammar.IsToken(token))
                {
                    throw new SipParseException("Malformed authentication parameter value");
                }

                value = token.ToString();
                quoted = false;
                rest = end < 0 ? [] : rest[end..];
            }

            result.Add(name.ToString(), value, quoted);
            if (!rest.IsEmpty)
            {
                if (rest[0] != ',')
                {
                    throw new SipParseException("Expected ',' between authentication parameters");
                }

                rest = SipGrammar.TrimWhitespace(rest[1..]);
            }
        }

        return result;
    }

    public override string ToString()
    {
        var builder = new StringBuilder(128);
        builder.Append(Scheme);
        for (var i = 0; i < _parameters.Count; i++)
        {
            var (name, value, quoted) = _parameters[i];
            builder.Append(i == 0 ? " " : ", ").Append(name).Append('=').Append(quoted ? SipGrammar.Quote(value) : value);
        }

        return builder.ToString();
    }
}
