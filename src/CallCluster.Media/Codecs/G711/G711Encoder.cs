using CallCluster.Media.Frames;

namespace CallCluster.Media.Codecs.G711;

/// <summary>Downsamples a 16 kHz frame to 8 kHz (anti-aliased) and companders it to 160 bytes.</summary>
internal sealed class G711Encoder : IAudioEncoder
{
    public const int PayloadSize = 160;

    private readonly G711Law law;
    private readonly NarrowbandConverter downsampler = new(AudioFormat.SampleRate, 8000);
    private readonly short[] narrow = new short[PayloadSize];

    public G711Encoder(G711Law law) => this.law = law;

    public int Encode(ReadOnlySpan<short> frame, Span<byte> payload)
    {
        FrameChecks.RequireFrame(frame);
        FrameChecks.RequirePayloadSpace(payload, PayloadSize);
        downsampler.Convert(frame, narrow);
        G711Tables.Encode(law, narrow, payload);
        return PayloadSize;
    }

    public void Dispose()
    {
        // Nothing native to free: G.711 and its 2:1 filter are managed.
    }
}
