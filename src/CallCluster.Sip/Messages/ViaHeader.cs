using System.Globalization;
using System.Text;

namespace CallCluster.Sip.Messages;

/// <summary>One Via value: <c>SIP/2.0/transport sent-by *(;param)</c> with typed branch, received and rport (RFC 3581).</summary>
public sealed class ViaHeader
{
    /// <summary>RFC 3261 §8.1.1.7: branches starting with this are globally unique transaction ids.</summary>
    public const string MagicCookie = "z9hG4bK";

    public ViaHeader(string transport, string host, int? port, string branch)
    {
        Transport = transport;
        Host = host;
        Port = port;
        Branch = branch;
    }

    private ViaHeader(string transport, string host, int? port, SipParameters parameters)
    {
        Transport = transport;
        Host = host;
        Port = port;
        Parameters = parameters;
    }

    /// <summary>UDP, TCP, TLS, SCTP, WS… in upper case.</summary>
    public string Transport { get; }

    public string Host { get; }

    public int? Port { get; }

    public SipParameters Parameters { get; } = new();

    public string? Branch
    {
        get => Parameters.Get("branch");
        set => SetOrRemove("branch", value);
    }

    public string? Received
    {
        get => Parameters.Get("received");
        set => SetOrRemove("received", value);
    }

    /// <summary>True when an rport parameter is present, with or without a value.</summary>
    public bool HasRPort => Parameters.Contains("rport");

    /// <summary>The rport value a server filled in, or null when absent or empty.</summary>
    public int? RPort
    {
        get => int.TryParse(Parameters.Get("rport"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
        set => Parameters.Set("rport", value?.ToString(CultureInfo.InvariantCulture));
    }

    public bool HasMagicCookie => Branch?.StartsWith(MagicCookie, StringComparison.Ordinal) == true;

    public static ViaHeader Parse(string text) => Parse(text.AsSpan());

    public static ViaHeader Parse(ReadOnlySpan<char> text)
    {
        // sent-protocol = protocol-name SLASH protocol-version SLASH transport, with LWS allowed around slashes.
        var rest = text;
        var protocol = NextProtocolPart(ref rest, expectSlash: true);
        var version = NextProtocolPart(ref rest, expectSlash: true);
        var transport = NextProtocolPart(ref rest, expectSlash: false);
        if (!protocol.Equals("SIP", StringComparison.OrdinalIgnoreCase) || !version.SequenceEqual("2.0"))
        {
            throw new SipParseException("Via protocol must be SIP/2.0");
        }

        rest = SipGrammar.TrimWhitespace(rest);
        var semicolon = rest.IndexOf(';');
        var sentBy = SipGrammar.TrimWhitespace(semicolon < 0 ? rest : rest[..semicolon]);
        if (sentBy.ContainsAny(" \t"))
        {
            // LWS is allowed around the ":" of sent-by; collapse it before parsing host and port.
            sentBy = string.Concat(sentBy.ToString().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
        }

        var (host, port) = SipUri.ParseHostPort(sentBy);
        var parameters = SipParameters.ParseHeaderParameters(semicolon < 0 ? [] : rest[semicolon..]);
        var via = new ViaHeader(transport.ToString().ToUpperInvariant(), host, port, parameters);
        if (parameters.Contains("branch") && string.IsNullOrEmpty(via.Branch))
        {
            throw new SipParseException("Empty Via branch");
        }

        if (via.Parameters.Get("rport") is { } rport && !SipGrammar.TryParseDigits(rport, 65535, out _))
        {
            throw new SipParseException("Invalid Via rport");
        }

        return via;
    }

    public override string ToString()
    {
        var builder = new StringBuilder(96);
        builder.Append("SIP/2.0/").Append(Transport).Append(' ').Append(Host);
        if (Port is { } port)
        {
            builder.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        }

        Parameters.AppendTo(builder);
        return builder.ToString();
    }

    private static ReadOnlySpan<char> NextProtocolPart(ref ReadOnlySpan<char> rest, bool expectSlash)
    {
        rest = SipGrammar.TrimWhitespace(rest);
        var length = rest.IndexOfAnyExcept(SipGrammar.TokenChars);
        if (length < 0)
        {
            length = rest.Length;
        }

        if (length == 0)
        {
            throw new SipParseException("Malformed Via sent-protocol");
        }

        var part = rest[..length];
        rest = SipGrammar.TrimWhitespace(rest[length..]);
        if (expectSlash)
        {
            if (rest.IsEmpty || rest[0] != '/')
            {
                throw new SipParseException("Malformed Via sent-protocol");
            }

            rest = rest[1..];
        }

        return part;
    }

    private void SetOrRemove(string name, string? value)
    {
        if (value is null)
        {
            Parameters.Remove(name);
        }
        else
        {
            Parameters.Set(name, value);
        }
    }
}
