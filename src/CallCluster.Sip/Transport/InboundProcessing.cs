using System.Buffers;
using System.Net;
using CallCluster.Sip.Messages;

namespace CallCluster.Sip.Transport;

/// <summary>What every transport does with received bytes, shared so UDP and TCP behave the same.</summary>
internal static class InboundProcessing
{
    /// <summary>
    /// RFC 3261 §18.2.1 and RFC 3581 §4: note the real source address in the top Via as received, and the
    /// source port as rport when the client asked for it, so responses get back through NAT.
    /// </summary>
    public static void StampVia(SipRequest request, IPEndPoint remote)
    {
        var top = request.TopVia;
        var address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        var changed = false;
        if (top.Host != address.ToString() || top.HasRPort)
        {
            top.Received = address.ToString();
            changed = true;
        }

        if (top.HasRPort)
        {
            top.RPort = remote.Port;
            changed = true;
        }

        if (changed)
        {
            request.Headers.RemoveFirst(SipHeaderNames.Via);
            request.Headers.AddFirst(SipHeaderNames.Via, top.ToString());
        }
    }

    /// <summary>
    /// Where a response goes (RFC 3261 §18.2.2, RFC 3581 §4): received (or the Via host) and rport (or the Via
    /// port, or 5060). Null when the Via host is a name we would have to resolve.
    /// </summary>
    public static IPEndPoint? ResponseDestination(SipResponse response)
    {
        var top = response.TopVia;
        var host = top.Received ?? top.Host;
        if (!IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return null;
        }

        return new IPEndPoint(address, top.RPort ?? top.Port ?? 5060);
    }

    /// <summary>
    /// Best effort 400 for a request that failed to parse: if its start line says request and the headers a
    /// response must copy are present, build one carrying the parse error's reason phrase. Null otherwise
    /// (malformed responses are dropped, RFC 3261 §18.1.2).
    /// </summary>
    public static byte[]? ErrorResponseFor(ReadOnlySpan<byte> data, SipParseException error)
    {
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(data);
            var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var firstLineEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (headerEnd < 0 || firstLineEnd <= 0 || text.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase)
                || text.StartsWith("ACK ", StringComparison.Ordinal))
            {
                return null;
            }

            var headers = new SipHeaderCollection();
            SipMessageParser.ParseHeaders(text.AsSpan(firstLineEnd + 2, headerEnd - firstLineEnd - 2), headers);
            var response = new SipResponse(error.StatusCode, error.ReasonPhrase);
            foreach (var name in (ReadOnlySpan<string>)[SipHeaderNames.Via, SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.CallId, SipHeaderNames.CSeq])
            {
                var values = headers.GetAll(name);
                if (values.Count == 0)
                {
                    return null;
                }

                foreach (var value in values)
                {
                    response.Headers.Add(name, value);
                }
            }

            _ = response.TopVia;
            return response.ToArray();
        }
        catch (SipParseException)
        {
            return null;
        }
    }

    /// <summary>Serializes into a pooled buffer; the caller returns it with <see cref="ArrayPool{T}.Return"/>.</summary>
    public static (byte[] Buffer, int Length) Serialize(SipMessage message)
    {
        var writer = new PooledBufferWriter();
        message.WriteTo(writer);
        return (writer.Buffer, writer.Length);
    }

    private sealed class PooledBufferWriter : IBufferWriter<byte>
    {
        public byte[] Buffer { get; private set; } = ArrayPool<byte>.Shared.Rent(2048);

        public int Length { get; private set; }

        public void Advance(int count) => Length += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return Buffer.AsMemory(Length);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return Buffer.AsSpan(Length);
        }

        private void Ensure(int sizeHint)
        {
            if (Buffer.Length - Length >= Math.Max(sizeHint, 1))
            {
                return;
            }

            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(Buffer.Length * 2, Length + sizeHint));
            Buffer.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(Buffer);
            Buffer = bigger;
        }
    }
}
