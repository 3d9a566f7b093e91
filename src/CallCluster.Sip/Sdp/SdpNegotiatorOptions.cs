namespace CallCluster.Sip.Sdp;

/// <summary>How this side offers and answers audio.</summary>
public sealed class SdpNegotiatorOptions
{
    /// <summary>
    /// Codecs in our order of preference. Default: Opus, G.722, L16/16000, PCMU, PCMA — wideband first,
    /// because the speech recognisers here are wideband models and 8 kHz audio recognises poorly.
    /// </summary>
    public IList<AudioCodec> Codecs { get; init; } = [AudioCodec.Opus, AudioCodec.G722, AudioCodec.L16, AudioCodec.Pcmu, AudioCodec.Pcma];

    /// <summary>Packetization time in milliseconds written as a=ptime. Default 20: one frame per packet, the norm for voice.</summary>
    public int PTimeMilliseconds { get; init; } = 20;

    /// <summary>Offer and accept RFC 4733 telephone-event. Default true: IVRs and transfers need DTMF.</summary>
    public bool TelephoneEvents { get; init; } = true;

    /// <summary>
    /// The address written in c= and o= instead of the local one, for an edge behind NAT or a load balancer.
    /// Default null: use the local address given to the negotiator.
    /// </summary>
    public string? AdvertisedAddress { get; init; }

    /// <summary>The o= username. Default "callcluster"; RFC 4566 allows any token, "-" hides it.</summary>
    public string UserName { get; init; } = "callcluster";
}
