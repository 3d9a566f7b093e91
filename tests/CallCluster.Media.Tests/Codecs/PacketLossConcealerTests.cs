using CallCluster.Media.Codecs;
using CallCluster.Media.Tests.Support;

namespace CallCluster.Media.Tests.Codecs;

public sealed class PacketLossConcealerTests
{
    [Theory]
    [InlineData(100.0)]
    [InlineData(150.0)]
    [InlineData(220.0)]
    public void A_lost_frame_of_a_voiced_sound_continues_its_pitch(double pitchHz)
    {
        var concealer = new PacketLossConcealer();
        var tone = Signals.Sine(pitchHz, 16000, 16000 + 320);
        for (var f = 0; f < 10; f++)
        {
            concealer.Received(tone.AsSpan(f * 320, 320));
        }

        var gap = new short[160];
        concealer.FillIn(gap);

        // The first 10 ms are held at full level; the repeated period must line up with the real continuation.
        var expected = tone.AsSpan(3200, 160);
        double error = 0, signal = 0;
        for (var i = 0; i < gap.Length; i++)
        {
            error += Math.Pow(gap[i] - expected[i], 2);
            signal += Math.Pow(expected[i], 2);
        }

        var snr = 10 * Math.Log10(signal / error);
        Assert.True(snr > 15, $"concealment of a {pitchHz} Hz tone matched its continuation at {snr:0.0} dB");
    }

    [Fact]
    public void A_long_gap_fades_to_silence_by_60_ms()
    {
        var concealer = new PacketLossConcealer();
        var tone = Signals.Sine(150, 16000, 3200);
        for (var f = 0; f < 10; f++)
        {
            concealer.Received(tone.AsSpan(f * 320, 320));
        }

        var frames = new short[4][];
        for (var f = 0; f < frames.Length; f++)
        {
            frames[f] = new short[320];
            concealer.FillIn(frames[f]);
        }

        Assert.True(Measure.Rms(frames[0]) > 5000, "the first concealed frame is near full level");
        Assert.True(Measure.Rms(frames[1]) < Measure.Rms(frames[0]), "the second fades");
        Assert.True(Measure.Rms(frames[2]) < Measure.Rms(frames[1]), "the third fades further");
        Assert.True(Measure.Rms(frames[2].AsSpan(300)) < 500, "nearly silent just before 60 ms");
        Assert.Equal(0, Measure.Rms(frames[3]));
    }

    [Fact]
    public void Returning_audio_is_cross_faded_from_the_concealment()
    {
        var concealer = new PacketLossConcealer();
        var tone = Signals.Sine(150, 16000, 3200);
        for (var f = 0; f < 5; f++)
        {
            concealer.Received(tone.AsSpan(f * 320, 320));
        }

        concealer.FillIn(new short[320]);
        var returning = new short[320];
        concealer.Received(returning);

        // Real audio is silent here, so the first samples carry only the fading concealment, then reach zero.
        Assert.Contains(returning.AsSpan(0, 10).ToArray(), s => s != 0);
        Assert.All(returning.AsSpan(100).ToArray(), s => Assert.Equal(0, s));
    }

    [Fact]
    public void Concealing_before_any_audio_gives_silence()
    {
        var gap = new short[320];
        gap.AsSpan().Fill(123);

        new PacketLossConcealer().FillIn(gap);

        Assert.All(gap, s => Assert.Equal(0, s));
    }
}
