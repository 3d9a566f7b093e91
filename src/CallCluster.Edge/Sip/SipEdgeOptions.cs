using CallCluster.Edge.Rtp;
using CallCluster.Sip.Auth;
using CallCluster.Sip.Dialogs;
using CallCluster.Sip.Sdp;

namespace CallCluster.Edge.Sip;

/// <summary>How a <see cref="SipEdge"/> listens for, admits and answers SIP calls.</summary>
public sealed class SipEdgeOptions
{
    /// <summary>Address to listen on for SIP and RTP. Default 127.0.0.1: nothing is exposed until an operator says so.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// The address peers reach this edge at, written in Contact, in our requests' Via sent-by, and in SDP c= and o=
    /// (unless <see cref="PublicRtpAddress"/> says otherwise). Default null: the listen address, right on a host whose
    /// address is routable to the trunk. Set it behind NAT or in Kubernetes (the node's or pod's IP); required when
    /// listening on 0.0.0.0 or ::, which no peer can send to. Sockets stay bound to <see cref="ListenAddress"/>.
    /// </summary>
    public string? PublicAddress { get; set; }

    /// <summary>
    /// The SIP port peers reach this edge at, written in Contact and Via. Default null: <see cref="Port"/> (the bound
    /// port), right unless a NAT or load balancer maps another public port onto it.
    /// </summary>
    public int? PublicSipPort { get; set; }

    /// <summary>
    /// The address written in SDP c= and o= when media is reachable somewhere else than signalling (a media relay or a
    /// second interface). Default null: <see cref="PublicAddress"/>, else the listen address.
    /// </summary>
    public string? PublicRtpAddress { get; set; }

    /// <summary>SIP port, UDP and TCP. Default 5080: clear of a PBX on 5060 on the same host; 0 picks a free port (tests).</summary>
    public int Port { get; set; } = 5080;

    /// <summary>Listen on TCP as well as UDP. Default true: large INVITEs and some trunks need TCP (RFC 3261 §18.1.1).</summary>
    public bool EnableTcp { get; set; } = true;

    /// <summary>
    /// Trunks admitted. Default none, which admits every caller: only sensible on the default loopback address for
    /// development; any edge reachable from outside must list its trunks.
    /// </summary>
    public IList<SipTrunkOptions> Trunks { get; init; } = [];

    /// <summary>
    /// Where an agent's transfer to a named queue goes: queue name (the agent config's <c>transfer:</c>) → SIP URI, e.g.
    /// <c>Sip:TransferTargets:support = sip:support@pbx.example.com</c>. Default none: a transfer to an unlisted queue is
    /// reported to the agent as failed (it tells the caller and carries on) rather than sent somewhere guessed. A target
    /// that is already a URI is used as it is.
    /// </summary>
    public IDictionary<string, string> TransferTargets { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How long a blind transfer (REFER) waits for the transferee's final sipfrag NOTIFY before it counts as failed and
    /// the agent takes the caller back. Default 30 s: a target rings for up to about 25 s before a PBX or carrier gives up
    /// with its own final status, which should still arrive in time; a caller left in silence much longer hangs up.
    /// </summary>
    public TimeSpan TransferTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether and where the edge follows a peer's REFER (it dials the target through a trunk and moves the call there).
    /// Default: it follows none.
    /// </summary>
    public SipInboundTransferOptions InboundTransfers { get; set; } = new();

    /// <summary>
    /// Sustained new INVITEs per second accepted from one source address; more get 503 with Retry-After. Default 100:
    /// above what one carrier trunk sends to one edge, far below what a flood from one host would.
    /// </summary>
    public double InvitesPerSecondPerSource { get; set; } = 100;

    /// <summary>INVITEs one quiet source may send at once before the rate applies. Default 200 (two seconds' worth).</summary>
    public int InviteBurstPerSource { get; set; } = 200;

    /// <summary>How long to ring (180) before answering. Default zero: an agent answers at once; a test may slow it to CANCEL.</summary>
    public TimeSpan AnswerDelay { get; set; } = TimeSpan.Zero;

    /// <summary>UA core settings: the concurrent-call cap with its Retry-After, session timers, product name.</summary>
    public SipUserAgentOptions UserAgent { get; set; } = new();

    /// <summary>Digest challenge settings (realm, algorithms, nonce lifetime) for trunks that use digest.</summary>
    public DigestServerOptions Digest { get; set; } = new();

    /// <summary>
    /// Codec preference (Opus, G.722, L16 first; PCMU, PCMA accepted), ptime, telephone-event. Its AdvertisedAddress,
    /// when set, overrides <see cref="PublicRtpAddress"/>; prefer the edge's Public* options, which also cover Contact.
    /// </summary>
    public SdpNegotiatorOptions Sdp { get; set; } = new();

    /// <summary>RTP port range, symmetric latching, inactivity timeout, RTCP interval, jitter buffer.</summary>
    public RtpSessionOptions Rtp { get; set; } = new();
}
