using System.Buffers;
using System.Globalization;
using System.Text;

namespace CallCluster.Sip.Messages;

/// <summary>
/// A SIP request or response: ordered headers, a body, and typed views of the headers the stack relies on.
/// Typed getters parse on access and throw <see cref="SipParseException"/> on a malformed value; the parser
/// touches the mandatory ones up front so that a message it returns is known to be well formed.
/// </summary>
public abstract class SipMessage
{
    public SipHeaderCollection Headers { get; } = new();

    /// <summary>The body bytes; Content-Length is written from its length.</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    public IReadOnlyList<ViaHeader> Vias => ParseAll(SipHeaderNames.Via, static v => ViaHeader.Parse(v));

    public ViaHeader TopVia => ViaHeader.Parse(Headers.Get(SipHeaderNames.Via) ?? throw new SipParseException("Missing Via"));

    public NameAddress From => NameAddress.Parse(Required(SipHeaderNames.From));

    public NameAddress To => NameAddress.Parse(Required(SipHeaderNames.To));

    public string CallId => Required(SipHeaderNames.CallId);

    public CSeqHeader CSeq => CSeqHeader.Parse(Required(SipHeaderNames.CSeq));

    public int? MaxForwards =>
        Headers.Get(SipHeaderNames.MaxForwards) is { } value
            ? SipGrammar.TryParseDigits(value, 255, out var hops) ? (int)hops : throw new SipParseException("Invalid Max-Forwards")
            : null;

    public IReadOnlyList<NameAddress> Contacts => ParseAll(SipHeaderNames.Contact, static v => NameAddress.Parse(v));

    public IReadOnlyList<NameAddress> Routes => ParseAll(SipHeaderNames.Route, static v => NameAddress.Parse(v));

    public IReadOnlyList<NameAddress> RecordRoutes => ParseAll(SipHeaderNames.RecordRoute, static v => NameAddress.Parse(v));

    public SipMediaType? ContentType => Headers.Get(SipHeaderNames.ContentType) is { } value ? SipMediaType.Parse(value) : null;

    public SessionExpiresHeader? SessionExpires =>
        Headers.Get(SipHeaderNames.SessionExpires) is { } value ? SessionExpiresHeader.Parse(value) : null;

    /// <summary>Min-SE in seconds (RFC 4028), or null when absent.</summary>
    public int? MinSE => ParseDeltaSeconds(SipHeaderNames.MinSE);

    public int? Expires => ParseDeltaSeconds(SipHeaderNames.Expires);

    public IReadOnlyList<string> Supported => OptionTags(SipHeaderNames.Supported);

    public IReadOnlyList<string> Require => OptionTags(SipHeaderNames.Require);

    public AuthHeaderValue? Authorization => ParseAuth(SipHeaderNames.Authorization);

    public AuthHeaderValue? ProxyAuthorization => ParseAuth(SipHeaderNames.ProxyAuthorization);

    public AuthHeaderValue? WwwAuthenticate => ParseAuth(SipHeaderNames.WwwAuthenticate);

    public AuthHeaderValue? ProxyAuthenticate => ParseAuth(SipHeaderNames.ProxyAuthenticate);

    /// <summary>True when <paramref name="optionTag"/> appears in Supported (or its compact form k).</summary>
    public bool Supports(string optionTag) => Supported.Contains(optionTag, StringComparer.OrdinalIgnoreCase);

    /// <summary>Writes the message with a Content-Length that matches <see cref="Body"/>.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var head = new StringBuilder(512);
        AppendStartLine(head);
        head.Append("\r\n");
        foreach (var header in Headers)
        {
            if (!string.Equals(header.Name, SipHeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                head.Append(header.Name).Append(": ").Append(header.Value).Append("\r\n");
            }
        }

        head.Append("Content-Length: ").Append(Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        foreach (var chunk in head.GetChunks())
        {
            var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(chunk.Length));
            writer.Advance(Encoding.UTF8.GetBytes(chunk.Span, span));
        }

        writer.Write(Body.Span);
    }

    public byte[] ToArray()
    {
        var buffer = new ArrayBufferWriter<byte>(512 + Body.Length);
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public override string ToString() => Encoding.UTF8.GetString(ToArray());

    internal abstract void AppendStartLine(StringBuilder builder);

    /// <summary>Parses the headers every transaction and dialog depends on, so bad ones fail at the door.</summary>
    internal virtual void Validate()
    {
        foreach (var name in (ReadOnlySpan<string>)[SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.CallId,
                     SipHeaderNames.CSeq, SipHeaderNames.MaxForwards, SipHeaderNames.ContentType])
        {
            if (Headers.GetAll(name).Count > 1)
            {
                throw new SipParseException("Multiple " + name + " headers");
            }
        }

        if (Vias.Count == 0)
        {
            throw new SipParseException("Missing Via");
        }

        _ = From;
        _ = To;
        if (!IsWord(CallId))
        {
            throw new SipParseException("Invalid Call-ID");
        }

        _ = CSeq;
        _ = MaxForwards;
        _ = Contacts;
        _ = Routes;
        _ = RecordRoutes;
        _ = ContentType;
        _ = SessionExpires;
        _ = MinSE;
        _ = Expires;
        if (Headers.Get("Date") is { } date && !DateTime.TryParseExact(date, "ddd, dd MMM yyyy HH:mm:ss 'GMT'",
                CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _))
        {
            throw new SipParseException("Invalid Date");
        }

        foreach (var name in (ReadOnlySpan<string>)[SipHeaderNames.Authorization, SipHeaderNames.ProxyAuthorization,
                     SipHeaderNames.WwwAuthenticate, SipHeaderNames.ProxyAuthenticate])
        {
            _ = ParseAll(name, static v => AuthHeaderValue.Parse(v));
        }
    }

    private static bool IsWord(string callId)
    {
        // callid = word [ "@" word ]
        var at = callId.IndexOf('@', StringComparison.Ordinal);
        var span = callId.AsSpan();
        return at < 0
            ? !span.IsEmpty && !span.ContainsAnyExcept(SipGrammar.WordChars)
            : at > 0 && at < span.Length - 1 && !span[..at].ContainsAnyExcept(SipGrammar.WordChars)
              && !span[(at + 1)..].ContainsAnyExcept(SipGrammar.WordChars);
    }

    private string Required(string name) => Headers.Get(name) ?? throw new SipParseException("Missing " + name);

    private List<T> ParseAll<T>(string name, Func<string, T> parse)
    {
        var result = new List<T>();
        foreach (var header in Headers)
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                result.Add(parse(header.Value));
            }
        }

        return result;
    }

    private List<string> OptionTags(string name)
    {
        var result = new List<string>();
        foreach (var value in Headers.GetAll(name))
        {
            var tag = value.Trim();
            if (!SipGrammar.IsToken(tag))
            {
                throw new SipParseException("Invalid option tag in " + name);
            }

            result.Add(tag);
        }

        return result;
    }

    private int? ParseDeltaSeconds(string name)
    {
        var value = Headers.Get(name);
        if (value is null)
        {
            return null;
        }

        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var delta = semicolon < 0 ? value.AsSpan() : value.AsSpan(0, semicolon);
        return SipGrammar.TryParseDigits(SipGrammar.TrimWhitespace(delta), int.MaxValue, out var seconds)
            ? (int)seconds
            : throw new SipParseException("Invalid " + name);
    }

    private AuthHeaderValue? ParseAuth(string name) => Headers.Get(name) is { } value ? AuthHeaderValue.Parse(value) : null;
}
