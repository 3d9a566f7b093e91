namespace CallCluster.Media.Codecs;

/// <summary>
/// An RTP audio codec as SDP names it (rtpmap), plus factories for per-call encoder and decoder state.
/// Encoders and decoders always work in internal 20 ms frames (16 kHz, 320 samples) and do any
/// resampling to the codec's own rate inside.
/// </summary>
public interface IAudioCodec
{
    /// <summary>SDP encoding name as in <c>a=rtpmap</c> ("PCMU", "G722", "opus", "L16").</summary>
    string Name { get; }

    /// <summary>RTP timestamp clock rate as in <c>a=rtpmap</c> (8000 for G.722 by RFC 3551, 48000 for Opus by RFC 7587).</summary>
    int ClockRate { get; }

    /// <summary>Channel count as in <c>a=rtpmap</c> (2 for Opus by RFC 7587, even though calls are mono).</summary>
    int Channels { get; }

    /// <summary>The static payload type (0, 8, 9) or the dynamic one this codebase offers by default.</summary>
    int DefaultPayloadType { get; }

    /// <summary>Extra <c>a=fmtp</c> parameters to offer, or null.</summary>
    string? FormatParameters { get; }

    /// <summary>RTP timestamp units per 20 ms packet (<see cref="ClockRate"/> / 50).</summary>
    int TimestampIncrement => ClockRate / 50;

    /// <summary>The largest payload one encoded 20 ms frame can take, to size send buffers.</summary>
    int MaxPayloadSize { get; }

    IAudioEncoder CreateEncoder();

    IAudioDecoder CreateDecoder();
}
