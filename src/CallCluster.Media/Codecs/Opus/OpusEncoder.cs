using CallCluster.Media.Frames;
using CallCluster.Media.Interop.Opus;

namespace CallCluster.Media.Codecs.Opus;

/// <summary>libopus encoder at 16 kHz mono, VoIP application, voice signal.</summary>
internal sealed unsafe class OpusEncoder : IAudioEncoder
{
    private readonly OpusEncoderHandle handle;

    public OpusEncoder(OpusOptions options)
    {
        handle = OpusNative.EncoderCreate(AudioFormat.SampleRate, 1, OpusNative.ApplicationVoip, out var error);
        if (handle.IsInvalid || error != OpusNative.Ok)
        {
            handle.Dispose();
            throw new InvalidOperationException($"opus_encoder_create failed: {OpusNative.Describe(error)}");
        }

        Set(OpusNative.SetBitrateRequest, options.BitRate);
        Set(OpusNative.SetComplexityRequest, options.Complexity);
        Set(OpusNative.SetInbandFecRequest, options.InbandFec ? 1 : 0);
        Set(OpusNative.SetPacketLossPercentRequest, options.ExpectedPacketLossPercent);
        Set(OpusNative.SetDtxRequest, options.Dtx ? 1 : 0);
        Set(OpusNative.SetSignalRequest, OpusNative.SignalVoice);
    }

    public int Encode(ReadOnlySpan<short> frame, Span<byte> payload)
    {
        FrameChecks.RequireFrame(frame);
        if (payload.IsEmpty)
        {
            throw new ArgumentException("The payload buffer is empty.", nameof(payload));
        }

        int written;
        fixed (short* samples = frame)
        fixed (byte* data = payload)
        {
            written = OpusNative.Encode(handle, samples, frame.Length, data, Math.Min(payload.Length, OpusCodec.MaxFrameBytes));
        }

        if (written < 0)
        {
            throw new InvalidOperationException($"opus_encode failed: {OpusNative.Describe(written)}");
        }

        return written;
    }

    public void Dispose() => handle.Dispose();

    private void Set(int request, int value)
    {
        var error = OpusNative.EncoderCtl(handle, request, value);
        if (error != OpusNative.Ok)
        {
            throw new InvalidOperationException($"opus_encoder_ctl({request}, {value}) failed: {OpusNative.Describe(error)}");
        }
    }
}
