using CallCluster.Media.Codecs;
using CallCluster.Media.Dtmf;
using CallCluster.Media.Tests.Support;

namespace CallCluster.Media.Tests.Dtmf;

public sealed class InBandDtmfTests
{
    private const string AllDigits = "0123456789*#ABCD";

    [Fact]
    public void Generated_digits_carry_exactly_their_row_and_column_frequencies()
    {
        foreach (var digit in AllDigits)
        {
            var generator = new DtmfGenerator();
            generator.Enqueue(digit.ToString());
            var samples = new short[1600];
            generator.Fill(samples);

            var (low, high) = DtmfDigits.Frequencies(digit);
            // Each tone peaks at 0.2 of full scale: power 0.04 relative to a full-scale sine.
            var tone = samples.AsSpan(0, 1600);
            Assert.True(Goertzel.Power(tone, low, 16000) > 0.03, $"{digit}: {low} Hz missing");
            Assert.True(Goertzel.Power(tone, high, 16000) > 0.03, $"{digit}: {high} Hz missing");
            foreach (var other in new[] { 697, 770, 852, 941, 1209, 1336, 1477, 1633 }.Except([low, high]))
            {
                Assert.True(Goertzel.Power(tone, other, 16000) < 0.002, $"{digit}: stray energy at {other} Hz");
            }
        }
    }

    [Theory]
    [InlineData("L16", 16000)]
    [InlineData("PCMU", 8000)]
    [InlineData("PCMA", 8000)]
    [InlineData("G722", 8000)]
    public void Spandsp_detects_every_digit_after_the_codec(string codecName, int clockRate)
    {
        var generator = new DtmfGenerator();
        generator.Enqueue(AllDigits);
        var frames = new List<short>();
        var frame = new short[320];
        while (generator.Fill(frame))
        {
            frames.AddRange(frame);
        }

        frames.AddRange(new short[3200]);
        var coded = CodecHarness.RoundTrip(CodecRegistry.Default.Get(codecName, clockRate), [.. frames]);

        using var detector = new DtmfDetector();
        var detected = new List<char>();
        Span<char> digits = stackalloc char[8];
        for (var offset = 0; offset + 320 <= coded.Length; offset += 320)
        {
            var count = detector.Process(coded.AsSpan(offset, 320), digits);
            detected.AddRange(digits[..count].ToArray());
        }

        Assert.Equal(AllDigits, new string([.. detected]));
    }

    [Fact]
    public void Speech_does_not_trigger_the_detector()
    {
        var speech = SpeechSamples.Sentence16K;
        using var detector = new DtmfDetector();
        Span<char> digits = stackalloc char[8];
        var total = 0;
        for (var offset = 0; offset + 320 <= speech.Length; offset += 320)
        {
            total += detector.Process(speech.AsSpan(offset, 320), digits);
        }

        Assert.Equal(0, total);
    }
}
