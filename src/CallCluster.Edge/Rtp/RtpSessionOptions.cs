using CallCluster.Media.Jitter;

namespace CallCluster.Edge.Rtp;

/// <summary>How the edge runs the RTP session of each SIP call.</summary>
public sealed class RtpSessionOptions
{
    /// <summary>
    /// Lowest UDP port for RTP (even; RTCP takes the odd port above). Default 20000: clear of the ephemeral range
    /// Linux hands out (32768+), so firewall rules can name the media range.
    /// </summary>
    public int PortRangeStart { get; set; } = 20000;

    /// <summary>Highest UDP port for RTP. Default 29999: 5000 RTP/RTCP pairs, ten times the calls one edge carries.</summary>
    public int PortRangeEnd { get; set; } = 29999;

    /// <summary>
    /// Send to the address RTP actually arrives from rather than the one in the peer's SDP (symmetric RTP, RFC 4961),
    /// which is what gets audio through a NAT in front of the caller. Default true: every trunk and softphone in
    /// practice sends from the port it receives on, and an SDP naming a private address is common.
    /// </summary>
    public bool SymmetricRtp { get; set; } = true;

    /// <summary>
    /// A call that receives no RTP for this long while both directions are active is reported dead (the edge hangs
    /// up). Never applies while the call is on hold (sendonly, recvonly or inactive). Default 30 s: long enough for
    /// any network hiccup, short enough that a vanished trunk does not hold a call slot for the session-timer period.
    /// </summary>
    public TimeSpan InactivityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Interval between RTCP reports. Default 5 s, the RFC 3550 §6.2 minimum for a two-party session.</summary>
    public TimeSpan RtcpInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Jitter buffer for the caller's audio. Default: <see cref="JitterBufferOptions"/>'s adaptive 40–300 ms.</summary>
    public JitterBufferOptions JitterBuffer { get; set; } = new();

    /// <summary>
    /// UDP socket buffer size in bytes, both directions. Default 256 KiB: absorbs a scheduling stall of a few hundred
    /// milliseconds of packets for one call without the kernel dropping any.
    /// </summary>
    public int SocketBufferBytes { get; set; } = 256 * 1024;

    internal void Validate()
    {
        if (PortRangeStart is < 1024 or > 65533 || PortRangeEnd < PortRangeStart + 1 || PortRangeEnd > 65534)
        {
            throw new ArgumentException($"RTP port range {PortRangeStart}-{PortRangeEnd} must lie within 1024-65534 and hold at least one even/odd pair.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InactivityTimeout, TimeSpan.Zero, nameof(InactivityTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(RtcpInterval, TimeSpan.FromSeconds(1), nameof(RtcpInterval));
    }
}
