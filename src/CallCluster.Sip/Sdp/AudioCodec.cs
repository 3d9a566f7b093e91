namespace CallCluster.Sip.Sdp;

/// <summary>
/// An audio payload format as SDP names it. <see cref="RtpClockRate"/> is the rtpmap rate, which for G.722 is
/// 8000 even though it samples at 16 kHz (RFC 3551 §4.5.2).
/// </summary>
public sealed record AudioCodec(string Encoding, int RtpClockRate, int Channels, int PayloadType, string? Fmtp = null)
{
    /// <summary>Opus, fullband; dynamic type 111 when we offer.</summary>
    public static readonly AudioCodec Opus = new("opus", 48000, 2, 111, "minptime=10;useinbandfec=1");

    public static readonly AudioCodec G722 = new("G722", 8000, 1, 9);

    /// <summary>Linear 16-bit PCM at 16 kHz (network byte order, RFC 3551 §4.5.11).</summary>
    public static readonly AudioCodec L16 = new("L16", 16000, 1, 97);

    public static readonly AudioCodec Pcmu = new("PCMU", 8000, 1, 0);

    public static readonly AudioCodec Pcma = new("PCMA", 8000, 1, 8);

    /// <summary>RFC 4733 events; offered once per clock rate in use, the answer keeps the one matching the codec.</summary>
    public static AudioCodec TelephoneEvent(int clockRate) => new("telephone-event", clockRate, 1, clockRate switch
    {
        48000 => 102,
        16000 => 103,
        _ => 101,
    }, "0-16");

    public bool IsTelephoneEvent => Encoding.Equals("telephone-event", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when an offered rtpmap names this format (encoding names are case-insensitive).</summary>
    public bool Matches(RtpMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return map.Encoding.Equals(Encoding, StringComparison.OrdinalIgnoreCase)
               && map.ClockRate == RtpClockRate
               && (map.Channels == Channels || (IsOpus && map.Channels is 1 or 2));
    }

    private bool IsOpus => Encoding.Equals("opus", StringComparison.OrdinalIgnoreCase);
}
