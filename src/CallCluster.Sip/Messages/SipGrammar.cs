using System.Buffers;

namespace CallCluster.Sip.Messages;

/// <summary>Character classes and small scanners from the RFC 3261 §25 ABNF.</summary>
internal static class SipGrammar
{
    // token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
    public static readonly SearchValues<char> TokenChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~");

    // word adds the separators a Call-ID may contain.
    public static readonly SearchValues<char> WordChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~()<>:\\\"/[]?{}");

    public static readonly SearchValues<char> HostChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.");

    // unreserved / user-unreserved ("&" / "=" / "+" / "$" / "," / ";" / "?" / "/"); "%" starts an escape.
    public static readonly SearchValues<char> UserChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()&=+$,;?/%");

    public static readonly SearchValues<char> PasswordChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()&=+$,%");

    // paramchar = param-unreserved ("[" / "]" / "/" / ":" / "&" / "+" / "$") / unreserved / escaped
    public static readonly SearchValues<char> UriParamChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()[]/:&+$%");

    // hnv-unreserved ("[" / "]" / "/" / "?" / ":" / "+" / "$") / unreserved / escaped, plus the "=" and "&" between them.
    public static readonly SearchValues<char> UriHeaderChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()[]/?:+$%=&");

    public static bool IsWhitespace(char c) => c is ' ' or '\t';

    public static bool IsToken(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(TokenChars);

    public static ReadOnlySpan<char> TrimWhitespace(ReadOnlySpan<char> text) => text.Trim(" \t");

    /// <summary>
    /// Length of the quoted-string starting at <paramref name="text"/>[0] (which must be a quote),
    /// including both quotes; -1 when it never closes.
    /// </summary>
    public static int QuotedStringLength(ReadOnlySpan<char> text)
    {
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i + 1;
            }
        }

        return -1;
    }

    /// <summary>Removes the quotes and resolves quoted-pairs.</summary>
    public static string Unquote(ReadOnlySpan<char> quoted)
    {
        var inner = quoted[1..^1];
        if (!inner.Contains('\\'))
        {
            return inner.ToString();
        }

        return string.Create(inner.Length - CountQuotedPairs(inner), inner.ToString(), static (destination, source) =>
        {
            var written = 0;
            for (var i = 0; i < source.Length; i++)
            {
                if (source[i] == '\\' && i + 1 < source.Length)
                {
                    i++;
                }

                destination[written++] = source[i];
            }
        });
    }

    public static string Quote(string value)
    {
        if (!value.AsSpan().ContainsAny('"', '\\'))
        {
            return "\"" + value + "\"";
        }

        return "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>
    /// Index of the first <paramref name="separator"/> outside quoted strings and angle brackets, or -1.
    /// Throws on an unterminated quote or bracket.
    /// </summary>
    public static int IndexOfOutsideQuotes(ReadOnlySpan<char> text, char separator)
    {
        var inAngle = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                var length = QuotedStringLength(text[i..]);
                if (length < 0)
                {
                    throw new SipParseException("Unterminated quoted string");
                }

                i += length - 1;
            }
            else if (c == '<' && !inAngle)
            {
                inAngle = true;
            }
            else if (c == '>' && inAngle)
            {
                inAngle = false;
            }
            else if (c == separator && !inAngle)
            {
                return i;
            }
        }

        if (inAngle)
        {
            throw new SipParseException("Unterminated angle bracket");
        }

        return -1;
    }

    /// <summary>Checks %HH escapes are complete.</summary>
    public static bool HasValidEscapes(ReadOnlySpan<char> text)
    {
        for (var i = text.IndexOf('%'); i >= 0; i = NextIndex(text, i + 3, '%'))
        {
            if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses 1*DIGIT into a value no larger than <paramref name="max"/>; false on anything else.</summary>
    public static bool TryParseDigits(ReadOnlySpan<char> text, long max, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 19)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
            if (value > max)
            {
                return false;
            }
        }

        return true;
    }

    private static int NextIndex(ReadOnlySpan<char> text, int start, char c)
    {
        if (start >= text.Length)
        {
            return -1;
        }

        var found = text[start..].IndexOf(c);
        return found < 0 ? -1 : start + found;
    }

    private static int CountQuotedPairs(ReadOnlySpan<char> inner)
    {
        var count = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length)
            {
                count++;
                i++;
            }
        }

        return count;
    }
}
