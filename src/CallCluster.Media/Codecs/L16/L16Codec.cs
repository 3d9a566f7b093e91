namespace CallCluster.Media.Codecs.L16;

/// <summary>
/// Uncompressed linear 16-bit PCM at 16 kHz, network byte order (RFC 3551 L16/16000, a dynamic payload
/// type): 640 bytes per 20 ms. Lossless, so it is the reference path for speech recognition tests.
/// </summary>
public sealed class L16Codec : IAudioCodec
{
    private L16Codec()
    {
    }

    public static L16Codec Instance { get; } = new();

    public string Name => "L16";

    public int ClockRate => 16_000;

    public int Channels => 1;

    /// <summary>Dynamic (RFC 3551 only defines L16 statically at 44.1 kHz).</summary>
    public int DefaultPayloadType => 118;

    public string? FormatParameters => null;

    public int MaxPayloadSize => L16Encoder.PayloadSize;

    public IAudioEncoder CreateEncoder() => new L16Encoder();

    public IAudioDecoder CreateDecoder() => new L16Decoder();
}
