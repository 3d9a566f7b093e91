namespace CallCluster.Media.Jitter;

/// <summary>What the jitter buffer did with a pushed packet.</summary>
public enum JitterBufferPushResult
{
    /// <summary>Stored for playout.</summary>
    Accepted,

    /// <summary>Stored, after the buffer restarted for a new stream (SSRC change or a sequence jump).</summary>
    AcceptedAfterReset,

    /// <summary>Already stored or already played: dropped.</summary>
    Duplicate,

    /// <summary>Arrived after its playout time (it was concealed): dropped.</summary>
    Late,

    /// <summary>Larger than <see cref="JitterBufferOptions.MaxPayloadSize"/> or empty: dropped.</summary>
    Invalid,
}
