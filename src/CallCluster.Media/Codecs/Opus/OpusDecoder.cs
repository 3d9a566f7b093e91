using CallCluster.Media.Frames;
using CallCluster.Media.Interop.Opus;

namespace CallCluster.Media.Codecs.Opus;

/// <summary>
/// libopus decoder at 16 kHz mono (Opus decodes any packet at any output rate). Losses are rebuilt from the
/// next packet's in-band FEC when it is at hand, otherwise by Opus's own PLC.
/// </summary>
internal sealed unsafe class OpusDecoder : IAudioDecoder
{
    private readonly OpusDecoderHandle handle;

    public OpusDecoder()
    {
        handle = OpusNative.DecoderCreate(AudioFormat.SampleRate, 1, out var error);
        if (handle.IsInvalid || error != OpusNative.Ok)
        {
            handle.Dispose();
            throw new InvalidOperationException($"opus_decoder_create failed: {OpusNative.Describe(error)}");
        }
    }

    public int Decode(ReadOnlySpan<byte> payload, Span<short> frame)
    {
        FrameChecks.RequireFrameSpace(frame);
        if (payload.IsEmpty)
        {
            throw new InvalidAudioPayloadException("Empty Opus payload.");
        }

        var written = Run(payload, frame, fec: false);
        if (written < 0)
        {
            throw new InvalidAudioPayloadException($"Opus packet of {payload.Length} bytes rejected: {OpusNative.Describe(written)} (only 20 ms packets are supported).");
        }

        return RequireOneFrame(written);
    }

    public int Conceal(ReadOnlySpan<byte> nextPayload, Span<short> frame)
    {
        FrameChecks.RequireFrameSpace(frame);
        if (!nextPayload.IsEmpty)
        {
            var recovered = Run(nextPayload, frame, fec: true);
            if (recovered == AudioFormat.SamplesPerFrame)
            {
                return recovered;
            }
        }

        var concealed = Run(ReadOnlySpan<byte>.Empty, frame, fec: false);
        if (concealed < 0)
        {
            throw new InvalidOperationException($"Opus packet-loss concealment failed: {OpusNative.Describe(concealed)}");
        }

        return RequireOneFrame(concealed);
    }

    public void Dispose() => handle.Dispose();

    private static int RequireOneFrame(int written) =>
        written == AudioFormat.SamplesPerFrame
            ? written
            : throw new InvalidAudioPayloadException($"Opus packet held {written} samples at 16 kHz; only 20 ms packets are supported.");

    private int Run(ReadOnlySpan<byte> payload, Span<short> frame, bool fec)
    {
        fixed (byte* data = payload)
        fixed (short* samples = frame)
        {
            // A null data pointer asks libopus for concealment; frame_size must then be one 20 ms frame exactly.
            return OpusNative.Decode(handle, payload.IsEmpty ? null : data, payload.Length, samples, AudioFormat.SamplesPerFrame, fec ? 1 : 0);
        }
    }
}
