namespace CallCluster.Media.Codecs.G722;

/// <summary>
/// G.722 at 64 kbit/s (RFC 3551 payload type 9): 16 kHz audio, 160 bytes per 20 ms. Its RTP clock is
/// 8000 although it samples at 16 kHz, an error in RFC 1890 that RFC 3551 kept for compatibility.
/// </summary>
public sealed class G722Codec : IAudioCodec
{
    public const int BitRate = 64_000;

    private G722Codec()
    {
    }

    public static G722Codec Instance { get; } = new();

    public string Name => "G722";

    public int ClockRate => 8000;

    public int Channels => 1;

    public int DefaultPayloadType => 9;

    public string? FormatParameters => null;

    public int MaxPayloadSize => G722Encoder.PayloadSize;

    public IAudioEncoder CreateEncoder() => new G722Encoder();

    public IAudioDecoder CreateDecoder() => new G722Decoder();
}
