using System.Net;
using System.Net.Sockets;

namespace CallCluster.Edge.Rtp;

/// <summary>
/// Binds RTP/RTCP socket pairs (even port, odd port above, RFC 3550 §11) within the configured range. Walks the range
/// round-robin from where the last call left off, so a port freed a moment ago is not reused at once and late
/// packets of an ended call do not land in a new one.
/// </summary>
public sealed class RtpPortAllocator
{
    private readonly int _first;
    private readonly int _pairs;
    private int _next;

    public RtpPortAllocator(RtpSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _first = options.PortRangeStart + (options.PortRangeStart % 2);
        _pairs = (options.PortRangeEnd - _first + 1) / 2;
    }

    /// <summary>Binds a free pair on <paramref name="address"/>.</summary>
    /// <exception cref="InvalidOperationException">Every pair in the range is taken.</exception>
    public (Socket Rtp, Socket Rtcp) Bind(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        for (var attempt = 0; attempt < _pairs; attempt++)
        {
            var port = _first + (2 * (int)((uint)Interlocked.Increment(ref _next) % (uint)_pairs));
            var rtp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            var rtcp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                rtp.Bind(new IPEndPoint(address, port));
                rtcp.Bind(new IPEndPoint(address, port + 1));
                return (rtp, rtcp);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                rtp.Dispose();
                rtcp.Dispose();
            }
        }

        throw new InvalidOperationException($"No free RTP port pair on {address} in {_first}-{_first + (2 * _pairs) - 1}.");
    }
}
