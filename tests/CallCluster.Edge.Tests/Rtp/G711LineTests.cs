using CallCluster.Edge.Tests.Support;
using CallCluster.Media.Codecs;
using CallCluster.Media.Frames;

namespace CallCluster.Edge.Tests.Rtp;

/// <summary>
/// The G.711 line as the edge runs it (16 kHz frames down to 8 kHz, companded, and back): telephone-band speech passes
/// at its level and frequency, and what a narrowband line cannot carry is filtered out rather than folded back in.
/// </summary>
public sealed class G711LineTests
{
    [Theory]
    [InlineData("PCMU", 300)]
    [InlineData("PCMU", 1000)]
    [InlineData("PCMA", 2000)]
    [InlineData("PCMU", 3300)]
    public void A_telephone_band_tone_comes_back_at_its_level_and_frequency(string codec, double frequency)
    {
        var decoded = RoundTrip(codec, Audio.Tone(frequency, 25));

        // Past the filters' few milliseconds of start-up: level within 1 dB, same number of zero crossings per frame.
        var expectedCrossings = 2 * frequency * AudioFormat.FrameMilliseconds / 1000;
        foreach (var frame in decoded.Skip(5))
        {
            var levelDb = 20 * Math.Log10(Audio.Rms(frame) / (8000 / Math.Sqrt(2)));
            Assert.InRange(levelDb, -1, 1);
            Assert.InRange(Audio.ZeroCrossings(frame), expectedCrossings - 2, expectedCrossings + 2);
        }
    }

    [Theory]
    [InlineData(5000)]
    [InlineData(6000)]
    [InlineData(7000)]
    public void A_tone_above_the_narrowband_limit_is_removed_not_aliased(double frequency)
    {
        var decoded = RoundTrip("PCMU", Audio.Tone(frequency, 25));

        // At least 40 dB down: without anti-aliasing a 6 kHz tone would come back as a loud 2 kHz one.
        foreach (var frame in decoded.Skip(5))
        {
            Assert.True(Audio.Rms(frame) < 8000 / Math.Sqrt(2) / 100, $"{frequency} Hz came back at RMS {Audio.Rms(frame):0}");
        }
    }

    private static List<short[]> RoundTrip(string codecName, List<short[]> frames)
    {
        Assert.True(CodecRegistry.Default.TryGet(codecName, 8000, out var codec));
        using var encoder = codec.CreateEncoder();
        using var decoder = codec.CreateDecoder();
        var payload = new byte[1500];
        var decoded = new List<short[]>();
        foreach (var frame in frames)
        {
            var length = encoder.Encode(frame, payload);
            var output = new short[AudioFormat.SamplesPerFrame];
            decoder.Decode(payload.AsSpan(0, length), output);
            decoded.Add(output);
        }

        return decoded;
    }
}
