using System.Buffers.Binary;
using System.Runtime.InteropServices;
using CallCluster.Media.Frames;

namespace CallCluster.Media.Codecs.L16;

/// <summary>Reads big-endian samples; conceals losses with <see cref="PacketLossConcealer"/>.</summary>
internal sealed class L16Decoder : IAudioDecoder
{
    private readonly PacketLossConcealer concealer = new();

    public int Decode(ReadOnlySpan<byte> payload, Span<short> frame)
    {
        FrameChecks.RequireFrameSpace(frame);
        FrameChecks.RequirePayloadLength("L16", payload, L16Encoder.PayloadSize);
        var source = MemoryMarshal.Cast<byte, short>(payload);
        var target = frame[..AudioFormat.SamplesPerFrame];
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(source, target);
        }
        else
        {
            source.CopyTo(target);
        }

        concealer.Received(target);
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
        // Managed state only: nothing to release.
    }
}
