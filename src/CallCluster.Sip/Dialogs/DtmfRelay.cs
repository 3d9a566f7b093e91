using System.Globalization;
using System.Text;
using CallCluster.Sip.Messages;

namespace CallCluster.Sip.Dialogs;

/// <summary>A DTMF digit carried in SIP INFO (application/dtmf-relay, or the bare application/dtmf form).</summary>
public readonly record struct DtmfRelay(char Signal, int DurationMilliseconds)
{
    public const string ContentType = "application/dtmf-relay";

    private const string Signals = "0123456789*#ABCD";

    /// <summary>Reads the digit from an INFO body; null when the body is not DTMF.</summary>
    public static DtmfRelay? Parse(SipMediaType? contentType, ReadOnlySpan<byte> body)
    {
        if (contentType is null)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(body);
        if (contentType.Is("application/dtmf"))
        {
            var digit = text.Trim();
            return digit.Length == 1 && IsSignal(digit[0]) ? new DtmfRelay(char.ToUpperInvariant(digit[0]), 250) : throw new SipParseException("Invalid DTMF digit");
        }

        if (!contentType.Is(ContentType))
        {
            return null;
        }

        char? signal = null;
        var duration = 250;
        foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                continue;
            }

            var name = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (name.Equals("Signal", StringComparison.OrdinalIgnoreCase) && value.Length == 1 && IsSignal(value[0]))
            {
                signal = char.ToUpperInvariant(value[0]);
            }
            else if (name.Equals("Duration", StringComparison.OrdinalIgnoreCase) && !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out duration))
            {
                throw new SipParseException("Invalid DTMF duration");
            }
        }

        return signal is { } s ? new DtmfRelay(s, duration) : throw new SipParseException("Missing or invalid DTMF Signal");
    }

    public byte[] ToBody() => Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Signal={Signal}\r\nDuration={DurationMilliseconds}\r\n"));

    private static bool IsSignal(char c) => Signals.Contains(char.ToUpperInvariant(c), StringComparison.Ordinal);
}
