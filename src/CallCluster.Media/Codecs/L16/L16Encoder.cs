using System.Buffers.Binary;
using System.Runtime.InteropServices;
using CallCluster.Media.Frames;

namespace CallCluster.Media.Codecs.L16;

/// <summary>Writes the frame big-endian.</summary>
internal sealed class L16Encoder : IAudioEncoder
{
    public const int PayloadSize = AudioFormat.BytesPerFrame;

    public int Encode(ReadOnlySpan<short> frame, Span<byte> payload)
    {
        FrameChecks.RequireFrame(frame);
        FrameChecks.RequirePayloadSpace(payload, PayloadSize);
        var target = MemoryMarshal.Cast<byte, short>(payload[..PayloadSize]);
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(frame, target);
        }
        else
        {
            frame.CopyTo(target);
        }

        return PayloadSize;
    }

    public void Dispose()
    {
        // Stateless: nothing to release.
    }
}
