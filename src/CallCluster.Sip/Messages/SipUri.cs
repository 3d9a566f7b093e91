using System.Globalization;
using System.Text;

namespace CallCluster.Sip.Messages;

/// <summary>
/// A SIP, SIPS or tel URI (RFC 3261 §19.1, RFC 3966), or any other absolute URI kept opaque. Components
/// keep their escaped wire form so that a parsed URI serializes back byte for byte.
/// </summary>
public sealed class SipUri
{
    private SipUri(string scheme)
    {
        Scheme = scheme;
    }

    /// <summary>"sip", "sips", "tel" or another scheme, in lower case.</summary>
    public string Scheme { get; }

    public bool IsSip => Scheme is "sip" or "sips";

    /// <summary>The user part (escaped), or the telephone number of a tel URI; null when absent.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>Host name, IPv4 address or bracketed IPv6 reference; empty for tel and opaque URIs.</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>The explicit port, or null when the URI names none.</summary>
    public int? Port { get; set; }

    public SipParameters Parameters { get; private set; } = new();

    /// <summary>The <c>?name=value&amp;…</c> part, escaped, without the "?"; null when absent.</summary>
    public string? Headers { get; set; }

    /// <summary>Everything after "scheme:" for a scheme this stack does not understand.</summary>
    public string? Opaque { get; private set; }

    public static SipUri Create(string scheme, string? user, string host, int? port = null) =>
        new(scheme.ToLowerInvariant()) { User = user, Host = host, Port = port };

    public static SipUri Parse(string text) => Parse(text.AsSpan());

    /// <summary>Parses a URI; malformed input throws <see cref="SipParseException"/>.</summary>
    public static SipUri Parse(ReadOnlySpan<char> text)
    {
        var colon = text.IndexOf(':');
        if (colon <= 0)
        {
            throw new SipParseException("URI has no scheme");
        }

        var schemeText = text[..colon];
        if (!char.IsAsciiLetter(schemeText[0]) || schemeText.ContainsAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-."))
        {
            throw new SipParseException("Invalid URI scheme");
        }

        var rest = text[(colon + 1)..];
        if (rest.IsEmpty || rest.ContainsAny(" \t\r\n<>\"") || rest.ContainsAnyInRange('\0', '\x1f'))
        {
            throw new SipParseException("Invalid characters in URI");
        }

        var scheme = schemeText.ToString().ToLowerInvariant();
        return scheme switch
        {
            "sip" or "sips" => ParseSip(scheme, rest),
            "tel" => ParseTel(rest),
            _ => new SipUri(scheme) { Opaque = rest.ToString() },
        };
    }

    public override string ToString()
    {
        var builder = new StringBuilder(64);
        AppendTo(builder);
        return builder.ToString();
    }

    public void AppendTo(StringBuilder builder)
    {
        builder.Append(Scheme).Append(':');
        if (Opaque is not null)
        {
            builder.Append(Opaque);
            return;
        }

        if (Scheme == "tel")
        {
            builder.Append(User);
            Parameters.AppendTo(builder);
            return;
        }

        if (User is not null)
        {
            builder.Append(User);
            if (Password is not null)
            {
                builder.Append(':').Append(Password);
            }

            builder.Append('@');
        }

        builder.Append(Host);
        if (Port is { } port)
        {
            builder.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        }

        Parameters.AppendTo(builder);
        if (Headers is not null)
        {
            builder.Append('?').Append(Headers);
        }
    }

    /// <summary>A copy that can be changed without touching this one.</summary>
    public SipUri Clone() => Parse(ToString());

    private static SipUri ParseSip(string scheme, ReadOnlySpan<char> rest)
    {
        var uri = new SipUri(scheme);
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var passwordStart = userInfo.IndexOf(':');
            var user = passwordStart < 0 ? userInfo : userInfo[..passwordStart];
            if (user.IsEmpty || user.ContainsAnyExcept(SipGrammar.UserChars) || !SipGrammar.HasValidEscapes(user))
            {
                throw new SipParseException("Invalid user part in URI");
            }

            uri.User = user.ToString();
            if (passwordStart >= 0)
            {
                var password = userInfo[(passwordStart + 1)..];
                if (password.ContainsAnyExcept(SipGrammar.PasswordChars) || !SipGrammar.HasValidEscapes(password))
                {
                    throw new SipParseException("Invalid password in URI");
                }

                uri.Password = password.ToString();
            }
        }

        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            var headers = rest[(question + 1)..];
            if (headers.IsEmpty || headers.ContainsAnyExcept(SipGrammar.UriHeaderChars)
                || !SipGrammar.HasValidEscapes(headers))
            {
                throw new SipParseException("Invalid headers in URI");
            }

            uri.Headers = headers.ToString();
            rest = rest[..question];
        }

        var semicolon = rest.IndexOf(';');
        var hostPort = semicolon < 0 ? rest : rest[..semicolon];
        uri.Parameters = SipParameters.ParseUriParameters(semicolon < 0 ? [] : rest[semicolon..]);
        (uri.Host, uri.Port) = ParseHostPort(hostPort);
        return uri;
    }

    /// <summary>Parses <c>host [":" port]</c> as used by URIs and Via sent-by.</summary>
    internal static (string Host, int? Port) ParseHostPort(ReadOnlySpan<char> hostPort)
    {
        ReadOnlySpan<char> host;
        ReadOnlySpan<char> portText = default;
        var hasPort = false;
        if (!hostPort.IsEmpty && hostPort[0] == '[')
        {
            var close = hostPort.IndexOf(']');
            if (close < 2 || hostPort[1..close].ContainsAnyExcept("0123456789abcdefABCDEF:."))
            {
                throw new SipParseException("Invalid IPv6 reference");
            }

            host = hostPort[..(close + 1)];
            var after = hostPort[(close + 1)..];
            if (!after.IsEmpty)
            {
                if (after[0] != ':')
                {
                    throw new SipParseException("Invalid host");
                }

                hasPort = true;
                portText = after[1..];
            }
        }
        else
        {
            var colon = hostPort.IndexOf(':');
            host = colon < 0 ? hostPort : hostPort[..colon];
            if (colon >= 0)
            {
                hasPort = true;
                portText = hostPort[(colon + 1)..];
            }

            if (host.IsEmpty || host.ContainsAnyExcept(SipGrammar.HostChars) || host[0] is '-' or '.')
            {
                throw new SipParseException("Invalid host");
            }
        }

        int? port = null;
        if (hasPort)
        {
            if (!SipGrammar.TryParseDigits(portText, 65535, out var value))
            {
                throw new SipParseException("Invalid port");
            }

            port = (int)value;
        }

        return (host.ToString(), port);
    }

    private static SipUri ParseTel(ReadOnlySpan<char> rest)
    {
        var semicolon = rest.IndexOf(';');
        var number = semicolon < 0 ? rest : rest[..semicolon];
        if (number.IsEmpty || number.ContainsAnyExcept("0123456789+-.()*#abcdefABCDEF"))
        {
            throw new SipParseException("Invalid telephone number");
        }

        return new SipUri("tel")
        {
            User = number.ToString(),
            Parameters = SipParameters.ParseUriParameters(semicolon < 0 ? [] : rest[semicolon..]),
        };
    }
}
