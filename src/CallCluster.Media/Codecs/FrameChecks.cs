using CallCluster.Media.Frames;

namespace CallCluster.Media.Codecs;

/// <summary>Argument checks shared by the encoders and decoders, so every codec reports bad sizes the same way.</summary>
internal static class FrameChecks
{
    public static void RequireFrame(ReadOnlySpan<short> frame)
    {
        if (frame.Length != AudioFormat.SamplesPerFrame)
        {
            throw new ArgumentException($"Encoders take one 20 ms frame of {AudioFormat.SamplesPerFrame} samples, got {frame.Length}.", nameof(frame));
        }
    }

    public static void RequireFrameSpace(Span<short> frame)
    {
        if (frame.Length < AudioFormat.SamplesPerFrame)
        {
            throw new ArgumentException($"Decoders write one 20 ms frame of {AudioFormat.SamplesPerFrame} samples; the buffer holds {frame.Length}.", nameof(frame));
        }
    }

    public static void RequirePayloadSpace(Span<byte> payload, int needed)
    {
        if (payload.Length < needed)
        {
            throw new ArgumentException($"The payload buffer holds {payload.Length} bytes; this codec needs {needed}.", nameof(payload));
        }
    }

    public static void RequirePayloadLength(string codec, ReadOnlySpan<byte> payload, int expected)
    {
        if (payload.Length != expected)
        {
            throw new InvalidAudioPayloadException($"{codec} payload of {payload.Length} bytes; 20 ms is {expected} bytes (only 20 ms packet time is supported).");
        }
    }
}
