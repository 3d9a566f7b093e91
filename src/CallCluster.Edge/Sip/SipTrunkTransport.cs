namespace CallCluster.Edge.Sip;

/// <summary>The SIP transport outbound calls through a trunk use.</summary>
public enum SipTrunkTransport
{
    /// <summary>UDP (RFC 3261's default, what most carriers expect).</summary>
    Udp,

    /// <summary>TCP, for trunks that require it or INVITEs too large for a datagram.</summary>
    Tcp,
}
