using System.Buffers;
using System.Text;

namespace CallCluster.Sip.Messages;

/// <summary>One part of a multipart body: its own headers (Content-Type…) and bytes.</summary>
public sealed record MultipartPart(SipHeaderCollection Headers, ReadOnlyMemory<byte> Body)
{
    public SipMediaType? ContentType => Headers.Get(SipHeaderNames.ContentType) is { } value ? SipMediaType.Parse(value) : null;
}

/// <summary>multipart/mixed bodies (RFC 2046 §5.1) as carried by SIP, e.g. SDP plus ISUP or a sipfrag.</summary>
public static class MultipartBody
{
    public static IReadOnlyList<MultipartPart> Parse(SipMediaType contentType, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        if (!contentType.Type.Equals("multipart", StringComparison.OrdinalIgnoreCase))
        {
            throw new SipParseException("Not a multipart body");
        }

        var boundary = contentType.Parameters.GetUnquoted("boundary");
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
        {
            throw new SipParseException("Missing or invalid multipart boundary");
        }

        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new List<MultipartPart>();
        var start = body.IndexOf(delimiter);
        if (start < 0)
        {
            throw new SipParseException("Multipart boundary not found");
        }

        var rest = body[(start + delimiter.Length)..];
        while (true)
        {
            if (rest.StartsWith("--"u8))
            {
                return parts;
            }

            var lineEnd = rest.IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                throw new SipParseException("Malformed multipart delimiter line");
            }

            rest = rest[(lineEnd + 2)..];
            var next = IndexOfDelimiter(rest, delimiter);
            if (next < 0)
            {
                throw new SipParseException("Unterminated multipart body");
            }

            parts.Add(ParsePart(rest[..next]));
            rest = rest[(next + 2 + delimiter.Length)..];
        }
    }

    public static byte[] Write(string boundary, IEnumerable<MultipartPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var output = new ArrayBufferWriter<byte>();
        foreach (var part in parts)
        {
            var head = new StringBuilder("--").Append(boundary).Append("\r\n");
            foreach (var header in part.Headers)
            {
                head.Append(header.Name).Append(": ").Append(header.Value).Append("\r\n");
            }

            head.Append("\r\n");
            output.Write(Encoding.UTF8.GetBytes(head.ToString()));
            output.Write(part.Body.Span);
            output.Write("\r\n"u8);
        }

        output.Write(Encoding.UTF8.GetBytes("--" + boundary + "--\r\n"));
        return output.WrittenSpan.ToArray();
    }

    private static int IndexOfDelimiter(ReadOnlySpan<byte> data, byte[] delimiter)
    {
        // A delimiter is CRLF "--" boundary; the CRLF belongs to the delimiter, not to the part.
        var offset = 0;
        while (true)
        {
            var index = data[offset..].IndexOf("\r\n"u8);
            if (index < 0)
            {
                return -1;
            }

            var at = offset + index;
            if (data[(at + 2)..].StartsWith(delimiter))
            {
                return at;
            }

            offset = at + 2;
        }
    }

    private static MultipartPart ParsePart(ReadOnlySpan<byte> part)
    {
        var headers = new SipHeaderCollection();
        if (part.StartsWith("\r\n"u8))
        {
            return new MultipartPart(headers, part[2..].ToArray());
        }

        var headerEnd = part.IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0)
        {
            throw new SipParseException("Malformed multipart part headers");
        }

        SipMessageParser.ParseHeaders(Encoding.UTF8.GetString(part[..headerEnd]), headers);
        return new MultipartPart(headers, part[(headerEnd + 4)..].ToArray());
    }
}
