using System.Text;

namespace CallCluster.Sip.Messages;

/// <summary>
/// Parses SIP messages (RFC 3261 §7) strictly: anything malformed throws <see cref="SipParseException"/>
/// carrying the reason phrase of the 400 (or 505) to send back, and nothing else escapes.
/// </summary>
public static class SipMessageParser
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Parses one UDP datagram: a missing Content-Length means the body runs to the end, extra bytes are dropped.</summary>
    public static SipMessage Parse(ReadOnlySpan<byte> datagram) => Parse(datagram, isStream: false);

    public static SipRequest ParseRequest(ReadOnlySpan<byte> data) =>
        Parse(data) as SipRequest ?? throw new SipParseException("Expected a request");

    public static SipResponse ParseResponse(ReadOnlySpan<byte> data) =>
        Parse(data) as SipResponse ?? throw new SipParseException("Expected a response");

    /// <summary>Parses a message framed from a stream, where Content-Length is mandatory and exact.</summary>
    internal static SipMessage Parse(ReadOnlySpan<byte> data, bool isStream)
    {
        data = SkipLeadingLineBreaks(data);
        if (data.IsEmpty)
        {
            throw new SipParseException("Empty message");
        }

        var headerEnd = data.IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0)
        {
            throw new SipParseException("Missing empty line after headers");
        }

        var head = Utf8.GetString(data[..headerEnd]);
        var body = data[(headerEnd + 4)..];
        var lines = head.AsSpan();
        var startLineEnd = lines.IndexOf("\r\n");
        var startLine = startLineEnd < 0 ? lines : lines[..startLineEnd];
        var message = ParseStartLine(startLine);
        if (startLineEnd >= 0)
        {
            ParseHeaders(lines[(startLineEnd + 2)..], message.Headers);
        }

        var contentLength = ReadContentLength(message.Headers);
        if (contentLength is null && isStream)
        {
            throw new SipParseException("Missing Content-Length");
        }

        if (contentLength is { } length)
        {
            if (length > body.Length)
            {
                throw new SipParseException("Content-Length larger than message");
            }

            body = body[..(int)length];
        }

        message.Body = body.ToArray();
        message.Validate();
        return message;
    }

    /// <summary>Reads Content-Length from a header block; null when absent. Used by stream framing too.</summary>
    internal static long? ReadContentLength(SipHeaderCollection headers)
    {
        long? result = null;
        foreach (var value in headers.GetAll(SipHeaderNames.ContentLength))
        {
            if (!SipGrammar.TryParseDigits(value, int.MaxValue, out var length))
            {
                throw new SipParseException("Invalid Content-Length");
            }

            if (result is { } previous && previous != length)
            {
                throw new SipParseException("Conflicting Content-Length values");
            }

            result = length;
        }

        return result;
    }

    /// <summary>Splits a header block (without the start line) into unfolded header fields.</summary>
    internal static void ParseHeaders(ReadOnlySpan<char> block, SipHeaderCollection headers)
    {
        var pendingName = (string?)null;
        var pendingValue = new StringBuilder();
        foreach (var range in block.Split("\r\n"))
        {
            var line = block[range];
            if (line.ContainsAny('\r', '\n'))
            {
                throw new SipParseException("Bare CR or LF in header");
            }

            if (!line.IsEmpty && SipGrammar.IsWhitespace(line[0]))
            {
                // Folded continuation (LWS): joins the previous line with a single space.
                if (pendingName is null)
                {
                    throw new SipParseException("Continuation line before first header");
                }

                pendingValue.Append(' ').Append(SipGrammar.TrimWhitespace(line));
                continue;
            }

            if (pendingName is not null)
            {
                AddHeader(headers, pendingName, pendingValue.ToString());
            }

            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                throw new SipParseException("Header line without ':'");
            }

            var name = SipGrammar.TrimWhitespace(line[..colon]);
            if (!SipGrammar.IsToken(name) || SipGrammar.IsWhitespace(line[0]))
            {
                throw new SipParseException("Invalid header name");
            }

            pendingName = SipHeaderNames.Canonicalize(name);
            pendingValue.Clear().Append(SipGrammar.TrimWhitespace(line[(colon + 1)..]));
        }

        if (pendingName is not null)
        {
            AddHeader(headers, pendingName, pendingValue.ToString());
        }
    }

    private static void AddHeader(SipHeaderCollection headers, string name, string value)
    {
        value = value.Trim(' ', '\t');
        if (!SipHeaderNames.IsCommaList(name))
        {
            headers.AddCanonical(name, value);
            return;
        }

        var rest = value.AsSpan();
        if (rest.IsEmpty)
        {
            return;
        }

        while (true)
        {
            var comma = SipGrammar.IndexOfOutsideQuotes(rest, ',');
            var item = SipGrammar.TrimWhitespace(comma < 0 ? rest : rest[..comma]);
            if (item.IsEmpty)
            {
                throw new SipParseException($"Empty value in {name}");
            }

            headers.AddCanonical(name, item.ToString());
            if (comma < 0)
            {
                return;
            }

            rest = rest[(comma + 1)..];
        }
    }

    private static SipMessage ParseStartLine(ReadOnlySpan<char> line)
    {
        if (line.ContainsAny('\r', '\n'))
        {
            throw new SipParseException("Bare CR or LF in start line");
        }

        if (line.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase))
        {
            return ParseStatusLine(line);
        }

        // Request-Line = Method SP Request-URI SP SIP-Version: exactly two single spaces, nothing else.
        var first = line.IndexOf(' ');
        var last = line.LastIndexOf(' ');
        if (first <= 0 || last == first || line[(first + 1)..last].Contains(' ') || line.Contains('\t'))
        {
            throw new SipParseException("Malformed Request-Line");
        }

        var method = line[..first];
        if (!SipGrammar.IsToken(method))
        {
            throw new SipParseException("Invalid method");
        }

        CheckVersion(line[(last + 1)..]);
        var uri = SipUri.Parse(line[(first + 1)..last]);
        if (uri.Headers is not null)
        {
            throw new SipParseException("Request-URI must not contain headers");
        }

        return new SipRequest(method.ToString(), uri);
    }

    private static SipResponse ParseStatusLine(ReadOnlySpan<char> line)
    {
        // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase; an empty reason phrase is accepted.
        var space = line.IndexOf(' ');
        if (space < 0)
        {
            throw new SipParseException("Malformed Status-Line");
        }

        CheckVersion(line[..space]);
        var rest = line[(space + 1)..];
        if (rest.Length < 3 || (rest.Length > 3 && rest[3] != ' ')
            || !SipGrammar.TryParseDigits(rest[..3], 699, out var code) || code < 100)
        {
            throw new SipParseException("Invalid status code");
        }

        return new SipResponse((int)code, rest.Length > 4 ? rest[4..].ToString() : string.Empty);
    }

    private static void CheckVersion(ReadOnlySpan<char> version)
    {
        if (version.Equals("SIP/2.0", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var slash = version.IndexOf('/');
        var number = slash < 0 ? default : version[(slash + 1)..];
        var dot = number.IndexOf('.');
        if (slash == 3 && version[..3].Equals("SIP", StringComparison.OrdinalIgnoreCase) && dot > 0
            && SipGrammar.TryParseDigits(number[..dot], int.MaxValue, out _) && SipGrammar.TryParseDigits(number[(dot + 1)..], int.MaxValue, out _))
        {
            throw new SipParseException(505, "Version Not Supported");
        }

        throw new SipParseException("Invalid SIP version");
    }

    private static ReadOnlySpan<byte> SkipLeadingLineBreaks(ReadOnlySpan<byte> data)
    {
        // RFC 3261 §7.5: empty lines before the start line (keep-alives on streams) are ignored.
        while (data.StartsWith("\r\n"u8))
        {
            data = data[2..];
        }

        return data;
    }
}
