using System.Net;
using CallCluster.Sip.Messages;

namespace CallCluster.Sip.Transport;

/// <summary>Receives what a transport took off the wire: a parsed message and where it came from.</summary>
public delegate void SipMessageHandler(SipInbound inbound);

/// <summary>A parsed inbound message, its source, and the transport to answer on.</summary>
public sealed record SipInbound(SipMessage Message, IPEndPoint Remote, ISipTransport Transport);

/// <summary>
/// One SIP transport (RFC 3261 §18). Implementations parse inbound bytes, answer malformed requests with a 400
/// themselves, stamp received/rport on inbound requests (RFC 3581) and hand everything else to the handler.
/// </summary>
public interface ISipTransport : IAsyncDisposable
{
    /// <summary>"UDP" or "TCP", as written in Via.</summary>
    string Protocol { get; }

    /// <summary>Reliable transports make the transaction layer skip retransmissions (timers A, E, G) and wait timers.</summary>
    bool IsReliable { get; }

    IPEndPoint LocalEndPoint { get; }

    /// <summary>Begins receiving; every inbound message goes to <paramref name="handler"/>.</summary>
    void Start(SipMessageHandler handler);

    /// <summary>Sends a message; transport failures surface as <see cref="SipTransportException"/>.</summary>
    ValueTask SendAsync(SipMessage message, IPEndPoint destination, CancellationToken cancellationToken = default);
}
