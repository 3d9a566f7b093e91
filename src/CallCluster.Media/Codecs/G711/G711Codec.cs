namespace CallCluster.Media.Codecs.G711;

/// <summary>G.711 (RFC 3551 PCMU/8000 payload type 0, PCMA/8000 payload type 8): 160 bytes per 20 ms.</summary>
public sealed class G711Codec : IAudioCodec
{
    private G711Codec(G711Law law) => Law = law;

    public static G711Codec Pcmu { get; } = new(G711Law.MuLaw);

    public static G711Codec Pcma { get; } = new(G711Law.ALaw);

    public G711Law Law { get; }

    public string Name => Law == G711Law.MuLaw ? "PCMU" : "PCMA";

    public int ClockRate => 8000;

    public int Channels => 1;

    public int DefaultPayloadType => Law == G711Law.MuLaw ? 0 : 8;

    public string? FormatParameters => null;

    public int MaxPayloadSize => G711Encoder.PayloadSize;

    public IAudioEncoder CreateEncoder() => new G711Encoder(Law);

    public IAudioDecoder CreateDecoder() => new G711Decoder(Law);
}
