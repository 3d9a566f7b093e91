namespace CallCluster.Media.Codecs;

/// <summary>Per-call encoder state: one internal 20 ms frame in, one RTP payload out. Not thread-safe.</summary>
public interface IAudioEncoder : IDisposable
{
    /// <summary>
    /// Encodes <paramref name="frame"/> (exactly <see cref="Frames.AudioFormat.SamplesPerFrame"/> samples)
    /// into <paramref name="payload"/> and returns the payload length.
    /// </summary>
    int Encode(ReadOnlySpan<short> frame, Span<byte> payload);
}
