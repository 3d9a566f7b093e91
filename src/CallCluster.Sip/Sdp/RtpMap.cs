using System.Globalization;

namespace CallCluster.Sip.Sdp;

/// <summary>a=rtpmap:PT encoding/clock[/channels] (RFC 4566 §6), or a static RFC 3551 payload type.</summary>
public sealed record RtpMap(int PayloadType, string Encoding, int ClockRate, int Channels)
{
    public static RtpMap? Static(int payloadType) => payloadType switch
    {
        0 => new RtpMap(0, "PCMU", 8000, 1),
        8 => new RtpMap(8, "PCMA", 8000, 1),
        9 => new RtpMap(9, "G722", 8000, 1),
        _ => null,
    };

    public static RtpMap Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var parts = space < 0 ? [] : value[(space + 1)..].Trim().Split('/');
        if (space < 0 || parts.Length is < 2 or > 3
            || !int.TryParse(value.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var pt) || pt > 127
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var clock) || clock == 0
            || parts[0].Length == 0)
        {
            throw new Messages.SipParseException("Malformed SDP rtpmap");
        }

        var channels = 1;
        if (parts.Length == 3 && (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out channels) || channels == 0))
        {
            throw new Messages.SipParseException("Malformed SDP rtpmap channels");
        }

        return new RtpMap(pt, parts[0], clock, channels);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {Encoding}/{ClockRate}") + (Channels > 1 ? "/" + Channels.ToString(CultureInfo.InvariantCulture) : string.Empty);
}
