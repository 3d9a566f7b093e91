using System.Globalization;
using System.Text;
using CallCluster.Sip.Messages;

namespace CallCluster.Sip.Sdp;

/// <summary>
/// An SDP session description (RFC 4566). Parsing is strict about the lines we act on (v, o, s, c, t, m, a)
/// and keeps the others verbatim so a description survives a round trip. Errors are
/// <see cref="SipParseException"/> (the INVITE then gets a 400 naming the line).
/// </summary>
public sealed class SessionDescription
{
    public SessionDescription(SdpOrigin origin, string sessionName = "-")
    {
        Origin = origin;
        SessionName = sessionName;
    }

    public SdpOrigin Origin { get; set; }

    public string SessionName { get; set; }

    /// <summary>The session-level c= address, or null when every m= section carries its own.</summary>
    public string? ConnectionAddress { get; set; }

    /// <summary>The t= line; "0 0" for an unbounded session.</summary>
    public string Timing { get; set; } = "0 0";

    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary>i=, u=, e=, p=, b=, z=, k=, r= lines, kept verbatim as "x=value" in their order.</summary>
    public List<string> OtherLines { get; } = [];

    public List<MediaDescription> Media { get; } = [];

    public static SessionDescription Parse(ReadOnlySpan<byte> body) => Parse(Encoding.UTF8.GetString(body));

    public static SessionDescription Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        SessionDescription? session = null;
        MediaDescription? media = null;
        var sawVersion = false;
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.EndsWith('\r') ? rawLine[..^1] : rawLine;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            {
                throw Error(lineNumber, "not a type=value line");
            }

            var value = line[2..];
            switch (line[0])
            {
                case 'v':
                    if (sawVersion || value != "0")
                    {
                        throw Error(lineNumber, "v= must be 0 and appear once");
                    }

                    sawVersion = true;
                    break;
                case 'o' when sawVersion && session is null:
                    session = new SessionDescription(ParseOrigin(value, lineNumber));
                    break;
                case 's' when session is not null && media is null:
                    session.SessionName = value;
                    break;
                case 'c' when session is not null:
                    var address = ParseConnection(value, lineNumber);
                    if (media is null)
                    {
                        session.ConnectionAddress = address;
                    }
                    else
                    {
                        media.ConnectionAddress = address;
                    }

                    break;
                case 't' when session is not null && media is null:
                    session.Timing = value;
                    break;
                case 'm' when session is not null:
                    media = ParseMedia(value, lineNumber);
                    session.Media.Add(media);
                    break;
                case 'a' when session is not null:
                    var attribute = ParseAttribute(value, lineNumber);
                    (media?.Attributes ?? session.Attributes).Add(attribute);
                    break;
                case 'i' or 'u' or 'e' or 'p' or 'b' or 'z' or 'k' or 'r' when session is not null:
                    (media?.OtherLines ?? session.OtherLines).Add(line);
                    break;
                default:
                    throw Error(lineNumber, $"unexpected '{line[0]}=' line here");
            }
        }

        if (session is null)
        {
            throw new SipParseException("Malformed SDP: missing v= or o= line");
        }

        foreach (var m in session.Media)
        {
            if (m.Port != 0 && (m.ConnectionAddress ?? session.ConnectionAddress) is null)
            {
                throw new SipParseException("Malformed SDP: media without a c= address");
            }
        }

        return session;
    }

    public override string ToString()
    {
        var builder = new StringBuilder(256);
        builder.Append("v=0\r\n");
        builder.Append("o=").Append(Origin.ToString()).Append("\r\n");
        builder.Append("s=").Append(SessionName).Append("\r\n");
        foreach (var line in OtherLines.Where(l => l[0] is 'i' or 'u' or 'e' or 'p'))
        {
            builder.Append(line).Append("\r\n");
        }

        if (ConnectionAddress is not null)
        {
            builder.Append("c=IN ").Append(AddressTypeOf(ConnectionAddress)).Append(' ').Append(ConnectionAddress).Append("\r\n");
        }

        foreach (var line in OtherLines.Where(l => l[0] == 'b'))
        {
            builder.Append(line).Append("\r\n");
        }

        builder.Append("t=").Append(Timing).Append("\r\n");
        foreach (var line in OtherLines.Where(l => l[0] is 'r' or 'z' or 'k'))
        {
            builder.Append(line).Append("\r\n");
        }

        foreach (var attribute in Attributes)
        {
            builder.Append("a=").Append(attribute.ToString()).Append("\r\n");
        }

        foreach (var media in Media)
        {
            media.AppendTo(builder);
        }

        return builder.ToString();
    }

    public byte[] ToArray() => Encoding.UTF8.GetBytes(ToString());

    internal static string AddressTypeOf(string address) => address.Contains(':', StringComparison.Ordinal) ? "IP6" : "IP4";

    private static SipParseException Error(int line, string what) => new($"Malformed SDP line {line}: {what}");

    private static SdpOrigin ParseOrigin(string value, int line)
    {
        var parts = value.Split(' ');
        if (parts.Length != 6 || parts[3] != "IN" || parts[4] is not ("IP4" or "IP6")
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw Error(line, "bad o= line");
        }

        return new SdpOrigin(parts[0], id, version, parts[4], parts[5]);
    }

    private static string ParseConnection(string value, int line)
    {
        var parts = value.Split(' ');
        if (parts.Length != 3 || parts[0] != "IN" || parts[1] is not ("IP4" or "IP6") || parts[2].Length == 0)
        {
            throw Error(line, "bad c= line");
        }

        // Multicast TTL suffixes ("/127") are not for us; the address is what we send to.
        var slash = parts[2].IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? parts[2] : parts[2][..slash];
    }

    private static MediaDescription ParseMedia(string value, int line)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var portText = parts.Length > 1 ? parts[1] : string.Empty;
        var slash = portText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            portText = portText[..slash];
        }

        if (parts.Length < 4 || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw Error(line, "bad m= line");
        }

        var media = new MediaDescription(parts[0], port, parts[2], parts.Skip(3));
        if (media.Protocol.StartsWith("RTP/", StringComparison.Ordinal)
            && media.Formats.Any(f => !int.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out var pt) || pt > 127))
        {
            throw Error(line, "RTP payload types must be 0-127");
        }

        return media;
    }

    private static SdpAttribute ParseAttribute(string value, int line)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? value : value[..colon];
        if (name.Length == 0 || name.Contains(' ', StringComparison.Ordinal))
        {
            throw Error(line, "bad a= line");
        }

        var attribute = new SdpAttribute(name, colon < 0 ? null : value[(colon + 1)..]);
        if (name == "rtpmap")
        {
            _ = RtpMap.Parse(attribute.Value ?? string.Empty);
        }

        return attribute;
    }
}
