using System.Text;

namespace CallCluster.Sip.Messages;

/// <summary>
/// An ordered list of <c>;name[=value]</c> parameters, as found on URIs and header values. Names compare
/// case-insensitively; a parameter without a value (e.g. <c>lr</c>, <c>rport</c>) has a null value.
/// Values keep their wire form (quotes included) so a message round-trips unchanged.
/// </summary>
public sealed class SipParameters
{
    private readonly List<KeyValuePair<string, string?>> _items = [];

    public int Count => _items.Count;

    public IReadOnlyList<KeyValuePair<string, string?>> Items => _items;

    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>The value as written on the wire, or null when absent or valueless.</summary>
    public string? Get(string name)
    {
        var index = IndexOf(name);
        return index < 0 ? null : _items[index].Value;
    }

    /// <summary>The value with any surrounding quotes removed and quoted-pairs resolved.</summary>
    public string? GetUnquoted(string name)
    {
        var value = Get(name);
        return value is { Length: >= 2 } && value[0] == '"' ? SipGrammar.Unquote(value) : value;
    }

    /// <summary>Adds or replaces a parameter; a null value writes the bare name.</summary>
    public void Set(string name, string? value)
    {
        var index = IndexOf(name);
        if (index >= 0)
        {
            _items[index] = new(_items[index].Key, value);
        }
        else
        {
            _items.Add(new(name, value));
        }
    }

    public bool Remove(string name)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            return false;
        }

        _items.RemoveAt(index);
        return true;
    }

    public void AppendTo(StringBuilder builder)
    {
        foreach (var (name, value) in _items)
        {
            builder.Append(';').Append(name);
            if (value is not null)
            {
                builder.Append('=').Append(value);
            }
        }
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        AppendTo(builder);
        return builder.ToString();
    }

    /// <summary>
    /// Parses header parameters: <c>*( SEMI generic-param )</c> where whitespace may surround ";" and "=",
    /// and a value is a token, a host or a quoted-string.
    /// </summary>
    internal static SipParameters ParseHeaderParameters(ReadOnlySpan<char> text)
    {
        var parameters = new SipParameters();
        text = SipGrammar.TrimWhitespace(text);
        while (!text.IsEmpty)
        {
            if (text[0] != ';')
            {
                throw new SipParseException("Malformed header parameters");
            }

            text = SipGrammar.TrimWhitespace(text[1..]);
            var nameLength = text.IndexOfAnyExcept(SipGrammar.TokenChars);
            if (nameLength < 0)
            {
                nameLength = text.Length;
            }

            if (nameLength == 0)
            {
                throw new SipParseException("Empty header parameter name");
            }

            var name = text[..nameLength].ToString();
            text = SipGrammar.TrimWhitespace(text[nameLength..]);
            string? value = null;
            if (!text.IsEmpty && text[0] == '=')
            {
                text = SipGrammar.TrimWhitespace(text[1..]);
                int valueLength;
                if (!text.IsEmpty && text[0] == '"')
                {
                    valueLength = SipGrammar.QuotedStringLength(text);
                    if (valueLength < 0)
                    {
                        throw new SipParseException("Unterminated quoted parameter value");
                    }
                }
                else
                {
                    // gen-value = token / host / quoted-string; a host may be an IPv6 reference.
                    valueLength = text.IndexOfAny(" \t;");
                    if (valueLength < 0)
                    {
                        valueLength = text.Length;
                    }

                    var candidate = text[..valueLength];
                    if (candidate.IsEmpty || (!SipGrammar.IsToken(candidate) && !IsIpv6Reference(candidate)))
                    {
                        throw new SipParseException($"Invalid value for parameter '{name}'");
                    }
                }

                value = text[..valueLength].ToString();
                text = SipGrammar.TrimWhitespace(text[valueLength..]);
            }

            parameters._items.Add(new(name, value));
        }

        return parameters;
    }

    /// <summary>Parses URI parameters: no whitespace, paramchar only.</summary>
    internal static SipParameters ParseUriParameters(ReadOnlySpan<char> text)
    {
        var parameters = new SipParameters();
        while (!text.IsEmpty)
        {
            if (text[0] != ';')
            {
                throw new SipParseException("Malformed URI parameters");
            }

            text = text[1..];
            var end = text.IndexOf(';');
            var item = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[end..];
            var equals = item.IndexOf('=');
            var name = equals < 0 ? item : item[..equals];
            var value = equals < 0 ? default : item[(equals + 1)..];
            if (name.IsEmpty || name.ContainsAnyExcept(SipGrammar.UriParamChars) || value.ContainsAnyExcept(SipGrammar.UriParamChars)
                || (equals >= 0 && value.IsEmpty) || !SipGrammar.HasValidEscapes(item))
            {
                throw new SipParseException("Invalid URI parameter");
            }

            parameters._items.Add(new(name.ToString(), equals < 0 ? null : value.ToString()));
        }

        return parameters;
    }

    private static bool IsIpv6Reference(ReadOnlySpan<char> text) =>
        text.Length > 2 && text[0] == '[' && text[^1] == ']' && !text[1..^1].ContainsAnyExcept("0123456789abcdefABCDEF:.");

    private int IndexOf(string name)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (string.Equals(_items[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
