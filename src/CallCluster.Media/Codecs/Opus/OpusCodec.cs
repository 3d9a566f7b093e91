namespace CallCluster.Media.Codecs.Opus;

/// <summary>
/// Opus (RFC 7587): always advertised as opus/48000/2, whatever the audio; here the encoder and decoder run
/// at 16 kHz mono so no resampling happens and the codec works in wideband, the speech model's band.
/// </summary>
public sealed class OpusCodec : IAudioCodec
{
    /// <summary>RFC 6716's limit for one frame: enough for any bit rate.</summary>
    public const int MaxFrameBytes = 1275;

    public OpusCodec(OpusOptions? options = null)
    {
        Options = options ?? new OpusOptions();
        Options.Validate();
    }

    public static OpusCodec Default { get; } = new();

    public OpusOptions Options { get; }

    public string Name => "opus";

    public int ClockRate => 48_000;

    public int Channels => 2;

    public int DefaultPayloadType => 111;

    public string? FormatParameters => Options.InbandFec ? "useinbandfec=1" : null;

    public int MaxPayloadSize => MaxFrameBytes;

    public IAudioEncoder CreateEncoder() => new OpusEncoder(Options);

    public IAudioDecoder CreateDecoder() => new OpusDecoder();
}
