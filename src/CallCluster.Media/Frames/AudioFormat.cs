namespace CallCluster.Media.Frames;

/// <summary>
/// The one internal audio format: 16 kHz, 16-bit signed, mono, in 20 ms frames. 16 kHz because the
/// speech recogniser's acoustic model is wideband; 20 ms because it is the RTP packet time every
/// SIP peer and codec here supports.
/// </summary>
public static class AudioFormat
{
    public const int SampleRate = 16_000;
    public const int Channels = 1;
    public const int BitsPerSample = 16;
    public const int FrameMilliseconds = 20;
    public const int SamplesPerFrame = SampleRate * FrameMilliseconds / 1000;
    public const int BytesPerFrame = SamplesPerFrame * sizeof(short);

    public static readonly TimeSpan FrameDuration = TimeSpan.FromMilliseconds(FrameMilliseconds);

    /// <summary>Samples in a 20 ms frame at <paramref name="sampleRate"/> (160 at 8 kHz, 960 at 48 kHz).</summary>
    public static int SamplesPerFrameAt(int sampleRate) => sampleRate * FrameMilliseconds / 1000;
}
