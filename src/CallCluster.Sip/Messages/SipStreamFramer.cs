using System.Buffers;

namespace CallCluster.Sip.Messages;

/// <summary>
/// Frames SIP messages out of a byte stream (TCP/TLS) by Content-Length (RFC 3261 §18.3). Keep-alive CRLFs
/// between messages are consumed. A header block larger than <see cref="MaxHeaderBytes"/> is an error, so a
/// peer cannot make us buffer without bound.
/// </summary>
public static class SipStreamFramer
{
    public const int MaxHeaderBytes = 64 * 1024;

    /// <summary>
    /// Tries to take one complete message off the front of <paramref name="buffer"/>. Returns false when more
    /// bytes are needed (buffer then holds only what is still unread).
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out SipMessage? message)
    {
        message = null;
        var reader = new SequenceReader<byte>(buffer);
        while (reader.IsNext("\r\n"u8, advancePast: true))
        {
        }

        buffer = buffer.Slice(reader.Position);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> head, "\r\n\r\n"u8, advancePastDelimiter: true))
        {
            if (buffer.Length > MaxHeaderBytes)
            {
                throw new SipParseException("Message headers too large");
            }

            return false;
        }

        if (head.Length > MaxHeaderBytes)
        {
            throw new SipParseException("Message headers too large");
        }

        var headerBytes = head.Length + 4;
        var contentLength = ContentLengthOf(head);
        var total = headerBytes + contentLength;
        if (buffer.Length < total)
        {
            return false;
        }

        var frame = buffer.Slice(0, total);
        var rented = ArrayPool<byte>.Shared.Rent((int)total);
        try
        {
            frame.CopyTo(rented);
            message = SipMessageParser.Parse(rented.AsSpan(0, (int)total), isStream: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        buffer = buffer.Slice(total);
        return true;
    }

    private static long ContentLengthOf(ReadOnlySequence<byte> head)
    {
        var text = System.Text.EncodingExtensions.GetString(System.Text.Encoding.UTF8, head);
        var firstLineEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
        var headers = new SipHeaderCollection();
        if (firstLineEnd >= 0)
        {
            SipMessageParser.ParseHeaders(text.AsSpan(firstLineEnd + 2), headers);
        }

        return SipMessageParser.ReadContentLength(headers) ?? throw new SipParseException("Missing Content-Length");
    }
}
