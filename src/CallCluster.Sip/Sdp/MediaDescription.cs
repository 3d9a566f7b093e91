using System.Globalization;
using System.Text;

namespace CallCluster.Sip.Sdp;

/// <summary>One m= section: media, port, protocol, formats, and its own c= and a= lines.</summary>
public sealed class MediaDescription
{
    public MediaDescription(string media, int port, string protocol, IEnumerable<string> formats)
    {
        Media = media;
        Port = port;
        Protocol = protocol;
        Formats = [.. formats];
    }

    /// <summary>"audio", "video", …</summary>
    public string Media { get; }

    /// <summary>The RTP port; 0 means the stream is rejected or disabled (RFC 3264 §6).</summary>
    public int Port { get; set; }

    /// <summary>"RTP/AVP", "RTP/SAVP", …</summary>
    public string Protocol { get; }

    /// <summary>Payload type numbers for RTP, in the sender's order of preference.</summary>
    public List<string> Formats { get; }

    /// <summary>The media-level c= address, or null to use the session-level one.</summary>
    public string? ConnectionAddress { get; set; }

    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary>i=, b= and k= lines of this section, kept verbatim as "x=value".</summary>
    public List<string> OtherLines { get; } = [];

    public MediaDirection? Direction
    {
        get
        {
            foreach (var attribute in Attributes)
            {
                switch (attribute.Name)
                {
                    case "sendrecv": return MediaDirection.SendRecv;
                    case "sendonly": return MediaDirection.SendOnly;
                    case "recvonly": return MediaDirection.RecvOnly;
                    case "inactive": return MediaDirection.Inactive;
                }
            }

            return null;
        }
    }

    public int? PTime => int.TryParse(Attribute("ptime"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : null;

    public string? Attribute(string name)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Name == name)
            {
                return attribute.Value;
            }
        }

        return null;
    }

    /// <summary>The a=rtpmap for a payload type, or the RFC 3551 static assignment; null when unknown.</summary>
    public RtpMap? RtpMapFor(int payloadType)
    {
        var prefix = payloadType.ToString(CultureInfo.InvariantCulture) + " ";
        foreach (var attribute in Attributes)
        {
            if (attribute.Name == "rtpmap" && attribute.Value?.StartsWith(prefix, StringComparison.Ordinal) == true)
            {
                return RtpMap.Parse(attribute.Value);
            }
        }

        return RtpMap.Static(payloadType);
    }

    public string? FmtpFor(int payloadType)
    {
        var prefix = payloadType.ToString(CultureInfo.InvariantCulture) + " ";
        foreach (var attribute in Attributes)
        {
            if (attribute.Name == "fmtp" && attribute.Value?.StartsWith(prefix, StringComparison.Ordinal) == true)
            {
                return attribute.Value[prefix.Length..].Trim();
            }
        }

        return null;
    }

    internal void AppendTo(StringBuilder builder)
    {
        builder.Append("m=").Append(Media).Append(' ').Append(Port.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(Protocol).Append(' ').AppendJoin(' ', Formats).Append("\r\n");
        foreach (var line in OtherLines.Where(l => l[0] == 'i'))
        {
            builder.Append(line).Append("\r\n");
        }

        if (ConnectionAddress is not null)
        {
            builder.Append("c=IN ").Append(SessionDescription.AddressTypeOf(ConnectionAddress)).Append(' ').Append(ConnectionAddress).Append("\r\n");
        }

        foreach (var line in OtherLines.Where(l => l[0] != 'i'))
        {
            builder.Append(line).Append("\r\n");
        }

        foreach (var attribute in Attributes)
        {
            builder.Append("a=").Append(attribute.ToString()).Append("\r\n");
        }
    }
}
