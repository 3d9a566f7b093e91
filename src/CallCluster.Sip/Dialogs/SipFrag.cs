using System.Globalization;
using System.Text;
using CallCluster.Sip.Messages;

namespace CallCluster.Sip.Dialogs;

/// <summary>message/sipfrag bodies of REFER progress NOTIFYs (RFC 3515 §2.4.5): just a status line.</summary>
public static class SipFrag
{
    public const string ContentType = "message/sipfrag;version=2.0";

    public static byte[] Create(int statusCode, string? reason = null) =>
        Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"SIP/2.0 {statusCode} {reason ?? SipReasonPhrases.For(statusCode)}\r\n"));

    /// <summary>The status code in a sipfrag body.</summary>
    public static int ParseStatus(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body);
        var line = text.Split("\r\n")[0];
        var parts = line.Split(' ', 3);
        return parts.Length >= 2 && parts[0].Equals("SIP/2.0", StringComparison.OrdinalIgnoreCase)
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 100 and <= 699
            ? status
            : throw new SipParseException("Invalid sipfrag");
    }
}
