namespace CallCluster.Edge.Calls;

/// <summary>
/// The one audio format between edges and call handlers: 16 kHz mono 16-bit PCM in 20 ms frames.
/// Fixed rather than negotiated so that no handler ever resamples; the edge converts at the line.
/// </summary>
public static class AudioFormat
{
    /// <summary>Samples per second of every frame the edge exchanges with a handler.</summary>
    public const int SampleRate = 16_000;

    /// <summary>Duration of one frame in milliseconds: the telephony packetisation interval.</summary>
    public const int FrameMilliseconds = 20;

    /// <summary>Samples in one frame (16 kHz × 20 ms).</summary>
    public const int SamplesPerFrame = SampleRate / 1000 * FrameMilliseconds;

    /// <summary>Duration of one frame.</summary>
    public static readonly TimeSpan FrameDuration = TimeSpan.FromMilliseconds(FrameMilliseconds);
}
