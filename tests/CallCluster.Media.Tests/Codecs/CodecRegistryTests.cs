using CallCluster.Media.Codecs;
using CallCluster.Media.Codecs.G711;
using CallCluster.Media.Codecs.Opus;

namespace CallCluster.Media.Tests.Codecs;

public sealed class CodecRegistryTests
{
    [Theory]
    [InlineData("PCMU", 8000, 0, 160, 1)]
    [InlineData("pcma", 8000, 8, 160, 1)]
    [InlineData("G722", 8000, 9, 160, 1)]
    [InlineData("L16", 16000, 118, 320, 1)]
    [InlineData("OPUS", 48000, 111, 960, 2)]
    public void Finds_codecs_by_rtpmap_name_and_clock_rate(string name, int clockRate, int payloadType, int timestampIncrement, int channels)
    {
        var codec = CodecRegistry.Default.Get(name, clockRate);

        Assert.Equal(payloadType, codec.DefaultPayloadType);
        Assert.Equal(timestampIncrement, codec.TimestampIncrement);
        Assert.Equal(channels, codec.Channels);
    }

    [Fact]
    public void Prefers_wideband_codecs()
    {
        Assert.Equal(["opus", "G722", "L16", "PCMU", "PCMA"], CodecRegistry.Default.Codecs.Select(c => c.Name));
        Assert.Equal("useinbandfec=1", OpusCodec.Default.FormatParameters);
    }

    [Fact]
    public void Unknown_codecs_are_reported_with_the_known_ones()
    {
        Assert.False(CodecRegistry.Default.TryGet("G729", 8000, out _));
        Assert.False(CodecRegistry.Default.TryGet("L16", 44100, out _));

        var error = Assert.Throws<KeyNotFoundException>(() => CodecRegistry.Default.Get("G729", 8000));
        Assert.Contains("PCMU/8000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_codec_registered_twice() =>
        Assert.Throws<ArgumentException>(() => new CodecRegistry([G711Codec.Pcmu, G711Codec.Pcmu]));
}
