using CallCluster.Media.Frames;
using CallCluster.Media.Interop.SpanDsp;

namespace CallCluster.Media.Codecs.G722;

/// <summary>spandsp's G.722 decoder plus <see cref="PacketLossConcealer"/> for lost packets.</summary>
internal sealed unsafe class G722Decoder : IAudioDecoder
{
    private readonly G722DecoderHandle handle = SpanDspNative.G722DecodeInit(IntPtr.Zero, G722Codec.BitRate, SpanDspNative.G722Options16KhzUnpacked);
    private readonly PacketLossConcealer concealer = new();

    public G722Decoder()
    {
        if (handle.IsInvalid)
        {
            throw new InvalidOperationException("g722_decode_init failed.");
        }
    }

    public int Decode(ReadOnlySpan<byte> payload, Span<short> frame)
    {
        FrameChecks.RequireFrameSpace(frame);
        FrameChecks.RequirePayloadLength("G722", payload, G722Encoder.PayloadSize);
        int written;
        fixed (byte* data = payload)
        fixed (short* samples = frame)
        {
            written = SpanDspNative.G722Decode(handle, samples, data, payload.Length);
        }

        if (written != AudioFormat.SamplesPerFrame)
        {
            throw new InvalidOperationException($"g722_decode produced {written} samples from {payload.Length} bytes.");
        }

        concealer.Received(frame[..written]);
        return written;
    }

    public int Conceal(ReadOnlySpan<byte> nextPayload, Span<short> frame)
    {
        FrameChecks.RequireFrameSpace(frame);
        concealer.FillIn(frame[..AudioFormat.SamplesPerFrame]);
        return AudioFormat.SamplesPerFrame;
    }

    public void Dispose() => handle.Dispose();
}
