namespace CallCluster.Edge.Calls;

/// <summary>How keypad digits from the caller reach the edge.</summary>
public enum DtmfCapability
{
    /// <summary>The line offers no out-of-band digits; only in-band tone detection could find them.</summary>
    None,

    /// <summary>RFC 4733 telephone-event packets in the RTP stream.</summary>
    Rfc4733,

    /// <summary>SIP INFO requests carrying digits.</summary>
    SipInfo,

    /// <summary>The media-stream provider detects digits and sends them as messages (Twilio <c>dtmf</c> events).</summary>
    Provider,
}
