namespace CallCluster.Edge.Sip;

/// <summary>
/// One SIP trunk (a carrier or PBX) this edge takes calls from and places calls through. A trunk authenticates by
/// source address, by digest, or both (either one admits the call).
/// </summary>
public sealed class SipTrunkOptions
{
    /// <summary>The trunk's name in logs and metrics. Required.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Source addresses or CIDR ranges admitted without digest (carriers that authenticate by IP). Default none.</summary>
    public IList<string> AllowedSources { get; init; } = [];

    /// <summary>
    /// Digest user name the trunk presents inbound and that we present on outbound calls through it. Default null:
    /// no digest for this trunk.
    /// </summary>
    public string? UserName { get; set; }

    /// <summary>The digest password; comes from configuration or a secret store, never from the repository. Default null.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Where outbound INVITEs through this trunk go: the carrier's SIP server or an outbound proxy in front of it, as an IP
    /// address or a host name (resolved per call, first IPv4 address; no SRV). The Request-URI stays the dialled target.
    /// Default null: the trunk takes no outbound calls.
    /// </summary>
    public string? OutboundHost { get; set; }

    /// <summary>The outbound SIP port. Default 5060, the SIP default.</summary>
    public int OutboundPort { get; set; } = 5060;

    /// <summary>The transport of outbound calls. Default UDP: what carriers expect unless they say otherwise.</summary>
    public SipTrunkTransport OutboundTransport { get; set; } = SipTrunkTransport.Udp;
}
