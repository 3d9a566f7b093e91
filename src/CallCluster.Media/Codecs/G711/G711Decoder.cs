using CallCluster.Media.Frames;

namespace CallCluster.Media.Codecs.G711;

/// <summary>Expands 160 bytes to 8 kHz samples and upsamples them to a 16 kHz frame; conceals losses at 16 kHz.</summary>
internal sealed class G711Decoder : IAudioDecoder
{
    private readonly G711Law law;
    private readonly NarrowbandConverter upsampler = new(8000, AudioFormat.SampleRate);
    private readonly PacketLossConcealer concealer = new();
    private readonly short[] narrow = new short[G711Encoder.PayloadSize];

    public G711Decoder(G711Law law) => this.law = law;

    public int Decode(ReadOnlySpan<byte> payload, Span<short> frame)
    {
        FrameChecks.RequireFrameSpace(frame);
        FrameChecks.RequirePayloadLength(law == G711Law.MuLaw ? "PCMU" : "PCMA", payload, G711Encoder.PayloadSize);
        G711Tables.Decode(law, payload, narrow);
        var wide = frame[..AudioFormat.SamplesPerFrame];
        upsampler.Convert(narrow, wide);
        concealer.Received(wide);
        return AudioFormat.SamplesPerFrame;
    }

    public int Conceal(ReadOnlySpan<byte> nextPayload, Span<short> frame)
    {
        FrameChecks.RequireFrameSpace(frame);
        concealer.FillIn(frame[..AudioFormat.SamplesPerFrame]);
        return AudioFormat.SamplesPerFrame;
    }

    public void Dispose()
    {
        // Nothing native to free: G.711 and its 2:1 filter are managed.
    }
}
