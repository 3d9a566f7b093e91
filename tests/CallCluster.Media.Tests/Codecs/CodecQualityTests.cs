using CallCluster.Media.Codecs;
using CallCluster.Media.Tests.Support;
using CallCluster.Testing;

namespace CallCluster.Media.Tests.Codecs;

/// <summary>
/// Each real codec against real signals. Thresholds sit a few dB under what was measured on this machine
/// (stated per case) so that a broken resampler, byte order, table or native binding fails clearly.
/// </summary>
public sealed class CodecQualityTests
{
    // Tone: 1013 Hz at -10 dBFS for 1 s, measured by a sine fit after the first 100 ms.
    [Theory]
    [InlineData("PCMU", 8000, 30.0)]
    [InlineData("PCMA", 8000, 30.0)]
    [InlineData("G722", 8000, 25.0)]
    [InlineData("L16", 16000, 80.0)]
    [InlineData("opus", 48000, 15.0)]
    public void A_1kHz_tone_survives_the_round_trip(string name, int clockRate, double minimumSnrDb)
    {
        var codec = CodecRegistry.Default.Get(name, clockRate);
        // 1013 Hz is not a divisor of 8 kHz, so quantisation error spreads as noise instead of hiding in harmonics.
        var tone = Signals.Sine(1013, 16000, 16000);

        var output = CodecHarness.RoundTrip(codec, tone);

        var snr = SineFit.SnrDb(output.AsSpan(1600), 1013, 16000);
        TestContext.Current.TestOutputHelper?.WriteLine($"{name} tone SNR {snr:0.0} dB");
        Assert.True(snr > minimumSnrDb, $"{name}: tone SNR {snr:0.0} dB, expected > {minimumSnrDb} dB");
    }

    // Speech: an espeak-ng sentence; waveform SNR after delay alignment for waveform codecs, energy-envelope
    // correlation for all (Opus is perceptual, so its waveform SNR is low by design).
    [Theory]
    [Trait("Category", TestCategories.Audio)]
    [InlineData("PCMU", 8000, 10.0, 0.97)]
    [InlineData("PCMA", 8000, 10.0, 0.97)]
    [InlineData("G722", 8000, 10.0, 0.97)]
    [InlineData("L16", 16000, 90.0, 0.999)]
    [InlineData("opus", 48000, double.NegativeInfinity, 0.95)]
    public void Speech_survives_the_round_trip(string name, int clockRate, double minimumSnrDb, double minimumEnvelopeCorrelation)
    {
        var codec = CodecRegistry.Default.Get(name, clockRate);
        var speech = SpeechSamples.Sentence16K;

        var output = CodecHarness.RoundTrip(codec, speech);

        var snr = Measure.AlignedSnrDb(speech, output);
        var envelope = Measure.EnvelopeCorrelation(speech, output);
        TestContext.Current.TestOutputHelper?.WriteLine($"{name} speech SNR {snr:0.0} dB, envelope correlation {envelope:0.000}");
        Assert.True(snr > minimumSnrDb, $"{name}: speech SNR {snr:0.0} dB, expected > {minimumSnrDb} dB");
        Assert.True(envelope > minimumEnvelopeCorrelation, $"{name}: envelope correlation {envelope:0.000}, expected > {minimumEnvelopeCorrelation}");
    }

    [Theory]
    [Trait("Category", TestCategories.Audio)]
    [InlineData("PCMU", 8000)]
    [InlineData("PCMA", 8000)]
    [InlineData("G722", 8000)]
    [InlineData("L16", 16000)]
    [InlineData("opus", 48000)]
    public void Lost_packets_are_concealed_with_audio_not_silence(string name, int clockRate)
    {
        var codec = CodecRegistry.Default.Get(name, clockRate);
        var speech = SpeechSamples.Sentence16K;
        var voicedSet = VoicedFrames(speech).ToHashSet();

        // Losses inside voiced stretches: concealment extends the history, it cannot invent an onset.
        var voiced = voicedSet.Where(f => voicedSet.Contains(f - 1)).Order().Where((_, i) => i % 6 == 0).ToHashSet();
        Assert.True(voiced.Count > 5, "the sentence should offer several voiced losses");

        // No FEC help: the loss pattern drops the next packet too, so every codec must conceal from history.
        var output = CodecHarness.RoundTrip(codec, speech, lost: f => voiced.Contains(f) || voiced.Contains(f - 1));

        foreach (var frame in voiced)
        {
            var before = Measure.Rms(output.AsSpan((frame - 1) * 320, 320));
            var concealed = Measure.Rms(output.AsSpan(frame * 320, 320));
            Assert.True(concealed > before * 0.2, $"{name}: lost frame {frame} came out at RMS {concealed:0} after a frame at {before:0}");
        }
    }

    [Fact]
    [Trait("Category", TestCategories.Audio)]
    public void Opus_rebuilds_a_lost_packet_from_the_next_packets_FEC_better_than_concealment()
    {
        var speech = SpeechSamples.Sentence16K;
        var lostFrames = VoicedFrames(speech).Where(f => f % 5 == 0).ToHashSet();

        // FEC: the packet after each loss arrives. PLC: it is lost too, so only concealment is possible.
        var withFec = CodecHarness.RoundTrip(OpusCodecFor.Fec, speech, lost: lostFrames.Contains);
        var withPlc = CodecHarness.RoundTrip(OpusCodecFor.Fec, speech, lost: f => lostFrames.Contains(f) || lostFrames.Contains(f - 1));
        var clean = CodecHarness.RoundTrip(OpusCodecFor.Fec, speech);

        double fecError = 0, plcError = 0;
        foreach (var frame in lostFrames)
        {
            fecError += Distance(clean, withFec, frame);
            plcError += Distance(clean, withPlc, frame);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"FEC error {fecError:0}, PLC error {plcError:0}");
        Assert.True(fecError < plcError * 0.7, $"FEC error {fecError:0} should be well under PLC error {plcError:0}");
    }

    private static double Distance(short[] a, short[] b, int frame)
    {
        double sum = 0;
        for (var i = frame * 320; i < (frame + 1) * 320; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return sum;
    }

    private static IEnumerable<int> VoicedFrames(short[] speech)
    {
        var peak = Enumerable.Range(0, speech.Length / 320).Max(f => Measure.Rms(speech.AsSpan(f * 320, 320)));
        return Enumerable.Range(2, (speech.Length / 320) - 4).Where(f => Measure.Rms(speech.AsSpan(f * 320, 320)) > peak * 0.1);
    }

    private static class OpusCodecFor
    {
        public static readonly IAudioCodec Fec = new CallCluster.Media.Codecs.Opus.OpusCodec(new() { ExpectedPacketLossPercent = 20 });
    }
}
