using CallCluster.Media.Codecs;
using CallCluster.Media.Frames;

namespace CallCluster.Media.Jitter;

/// <summary>Joins a jitter buffer to a codec's decoder: one call per 20 ms tick yields one internal frame.</summary>
public static class JitterBufferDecoding
{
    /// <summary>
    /// Takes the next tick from <paramref name="buffer"/> and writes one 16 kHz frame into <paramref name="frame"/>:
    /// decoded, concealed (FEC when the next packet is at hand), or silence. A payload the decoder rejects is
    /// concealed instead, so one corrupt packet costs 20 ms, not the call.
    /// </summary>
    public static PlayoutKind TickInto(this JitterBuffer buffer, IAudioDecoder decoder, Span<short> frame)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(decoder);
        var playout = buffer.Tick();
        switch (playout.Kind)
        {
            case PlayoutKind.Packet:
                try
                {
                    decoder.Decode(playout.Payload, frame);
                    return PlayoutKind.Packet;
                }
                catch (InvalidAudioPayloadException)
                {
                    decoder.Conceal(default, frame);
                    return PlayoutKind.Conceal;
                }

            case PlayoutKind.Conceal:
                decoder.Conceal(playout.NextPayload, frame);
                return PlayoutKind.Conceal;

            default:
                frame[..AudioFormat.SamplesPerFrame].Clear();
                return PlayoutKind.Silence;
        }
    }
}
