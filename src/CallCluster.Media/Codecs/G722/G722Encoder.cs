using CallCluster.Media.Frames;
using CallCluster.Media.Interop.SpanDsp;

namespace CallCluster.Media.Codecs.G722;

/// <summary>spandsp's G.722 encoder: 320 samples at 16 kHz to 160 bytes.</summary>
internal sealed unsafe class G722Encoder : IAudioEncoder
{
    public const int PayloadSize = AudioFormat.SamplesPerFrame / 2;

    private readonly G722EncoderHandle handle = SpanDspNative.G722EncodeInit(IntPtr.Zero, G722Codec.BitRate, SpanDspNative.G722Options16KhzUnpacked);

    public G722Encoder()
    {
        if (handle.IsInvalid)
        {
            throw new InvalidOperationException("g722_encode_init failed.");
        }
    }

    public int Encode(ReadOnlySpan<short> frame, Span<byte> payload)
    {
        FrameChecks.RequireFrame(frame);
        FrameChecks.RequirePayloadSpace(payload, PayloadSize);
        fixed (short* samples = frame)
        fixed (byte* data = payload)
        {
            return SpanDspNative.G722Encode(handle, data, samples, frame.Length);
        }
    }

    public void Dispose() => handle.Dispose();
}
