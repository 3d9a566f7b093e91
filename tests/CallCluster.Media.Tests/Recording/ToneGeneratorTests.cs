using CallCluster.Media.Tests.Support;
using CallCluster.Media.Tones;

namespace CallCluster.Media.Tests.Recording;

public sealed class ToneGeneratorTests
{
    [Fact]
    public void Frames_join_without_a_phase_jump()
    {
        var generator = new ToneGenerator(437);
        var whole = new short[16000];
        for (var offset = 0; offset < whole.Length; offset += 320)
        {
            generator.Fill(whole.AsSpan(offset, 320));
        }

        Assert.True(SineFit.SnrDb(whole, 437, 16000) > 70);
        Assert.InRange(SineFit.Amplitude(whole, 437, 16000), 8100, 8300);
    }

    [Fact]
    public void A_dual_tone_holds_both_frequencies()
    {
        var samples = new short[1600];
        new ToneGenerator(350, 440, amplitude: 0.2).Fill(samples);

        Assert.InRange(Goertzel.Power(samples, 350, 16000), 0.035, 0.045);
        Assert.InRange(Goertzel.Power(samples, 440, 16000), 0.035, 0.045);
    }

    [Theory]
    [InlineData(0.0, 0.0, 0.25)]
    [InlineData(9000.0, 0.0, 0.25)]
    [InlineData(440.0, 0.0, 1.5)]
    [InlineData(440.0, 350.0, 0.6)]
    public void Tones_that_cannot_be_represented_are_refused(double frequency, double second, double amplitude) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ToneGenerator(frequency, second, amplitude));
}
