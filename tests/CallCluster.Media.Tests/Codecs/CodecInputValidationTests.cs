using CallCluster.Media.Codecs;

namespace CallCluster.Media.Tests.Codecs;

public sealed class CodecInputValidationTests
{
    public static TheoryData<string, int> AllCodecs() => new()
    {
        { "PCMU", 8000 }, { "PCMA", 8000 }, { "G722", 8000 }, { "L16", 16000 }, { "opus", 48000 },
    };

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void Encoders_take_exactly_one_20ms_frame(string name, int clockRate)
    {
        using var encoder = CodecRegistry.Default.Get(name, clockRate).CreateEncoder();

        Assert.Throws<ArgumentException>(() => encoder.Encode(new short[319], new byte[2000]));
    }

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void Decoders_reject_a_payload_that_is_not_20ms_and_keep_working(string name, int clockRate)
    {
        var codec = CodecRegistry.Default.Get(name, clockRate);
        using var encoder = codec.CreateEncoder();
        using var decoder = codec.CreateDecoder();
        var payload = new byte[codec.MaxPayloadSize];
        var length = encoder.Encode(new short[320], payload);
        var frame = new short[320];

        // Opus packets carry their own framing: a lone TOC byte for a 40 ms frame is what breaks it.
        byte[] bad = name == "opus" ? [0x18, 0x00] : new byte[length + 1];
        Assert.Throws<InvalidAudioPayloadException>(() => decoder.Decode(bad, frame));

        Assert.Equal(320, decoder.Decode(payload.AsSpan(0, length), frame));
    }

    [Fact]
    public void Opus_rejects_garbage_with_a_clear_error()
    {
        using var decoder = CodecRegistry.Default.Get("opus", 48000).CreateDecoder();

        var error = Assert.Throws<InvalidAudioPayloadException>(() => decoder.Decode([0xFF, 0xFF, 0xFF], new short[320]));
        Assert.Contains("Opus", error.Message, StringComparison.Ordinal);
    }
}
