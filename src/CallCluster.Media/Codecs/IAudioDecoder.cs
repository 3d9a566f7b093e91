namespace CallCluster.Media.Codecs;

/// <summary>Per-call decoder state: one 20 ms RTP payload in, one internal frame out. Not thread-safe.</summary>
public interface IAudioDecoder : IDisposable
{
    /// <summary>
    /// Decodes one 20 ms payload into <paramref name="frame"/> (at least
    /// <see cref="Frames.AudioFormat.SamplesPerFrame"/> samples) and returns the samples written (320).
    /// A payload of the wrong size or a corrupt packet throws <see cref="InvalidAudioPayloadException"/>.
    /// </summary>
    int Decode(ReadOnlySpan<byte> payload, Span<short> frame);

    /// <summary>
    /// Fills <paramref name="frame"/> for a lost packet: from the forward error correction carried in
    /// <paramref name="nextPayload"/> when the codec has it (Opus) and the next packet is at hand,
    /// otherwise by packet-loss concealment from the decoder's history. Returns the samples written.
    /// </summary>
    int Conceal(ReadOnlySpan<byte> nextPayload, Span<short> frame);
}
