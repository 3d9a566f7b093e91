namespace CallCluster.Edge.Rtp;

/// <summary>What an <see cref="RtpSession"/> reports to the call that owns it. Called on the edge's media threads: never block.</summary>
public interface IRtpSessionListener
{
    /// <summary>One decoded (or concealed) 20 ms, 16 kHz frame of the caller's audio, valid during the call only.</summary>
    void OnCallerFrame(ReadOnlySpan<short> frame);

    /// <summary>A key press from RFC 4733 telephone events, reported once when it starts.</summary>
    void OnDigit(char digit);

    /// <summary>No RTP arrived for <see cref="RtpSessionOptions.InactivityTimeout"/> while the call was not on hold. Reported once.</summary>
    void OnInactive();
}
