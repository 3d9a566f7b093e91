namespace CallCluster.Sip.Sdp;

/// <summary>The outcome of an offer/answer exchange for the audio stream, from our point of view.</summary>
public sealed record NegotiatedMedia(
    AudioCodec Codec,
    int PayloadType,
    int? TelephoneEventPayloadType,
    string RemoteAddress,
    int RemotePort,
    MediaDirection Direction,
    int PTimeMilliseconds)
{
    /// <summary>True when the far end has put the call on hold (it will not receive our audio).</summary>
    public bool IsHeldByRemote => !Direction.CanSend();
}

/// <summary>An answer to an offer: a description plus the media it set up, or a reason for a 488.</summary>
public sealed record SdpAnswer(SessionDescription? Description, NegotiatedMedia? Media, string? RejectionReason)
{
    /// <summary>The status to send when no description could be built: 488 Not Acceptable Here.</summary>
    public const int RejectionStatusCode = 488;

    public bool IsAccepted => Description is not null;
}
