using CallCluster.Media.Tests.Support;
using CallCluster.Media.Vad;
using CallCluster.Testing;

namespace CallCluster.Media.Tests.Vad;

public sealed class VoiceActivityDetectorTests
{
    private const int Second = 16000;

    [Fact]
    public void Digital_silence_is_never_speech()
    {
        var results = Run(new short[3 * Second]);

        Assert.All(results, r => Assert.False(r.IsSpeech));
    }

    [Theory]
    [InlineData("white", 1000.0)]
    [InlineData("white", 3000.0)]
    [InlineData("pink", 1000.0)]
    [InlineData("pink", 3000.0)]
    public void Steady_noise_is_not_speech_once_the_floor_has_adapted(string colour, double rms)
    {
        var noise = colour == "white" ? Noise.White(6 * Second, rms) : Noise.Pink(6 * Second, rms);

        var results = Run(noise);

        // The first second is the noise estimator's adaptation time.
        var afterAdaptation = results.Skip(50).ToList();
        var speechFraction = afterAdaptation.Count(r => r.IsSpeech) / (double)afterAdaptation.Count;
        TestContext.Current.TestOutputHelper?.WriteLine($"{colour} {rms}: speech {speechFraction:P1}, mean p {afterAdaptation.Average(r => r.Probability):0.00}");
        Assert.True(speechFraction < 0.02, $"{colour} noise at RMS {rms} was called speech in {speechFraction:P1} of frames");
    }

    [Theory]
    [Trait("Category", TestCategories.Audio)]
    [InlineData(0.0)]
    [InlineData(300.0)]
    public void Speech_is_detected_and_silence_around_it_is_not(double noiseRms)
    {
        var speech = SpeechSamples.Sentence16K;
        var clean = new short[Second * 2].Concat(speech).Concat(new short[Second * 2]).ToArray();
        var input = noiseRms > 0 ? Noise.Mix(clean, Noise.White(clean.Length, noiseRms)) : clean;

        var results = Run(input);

        var peak = Enumerable.Range(0, speech.Length / 320).Max(f => Measure.Rms(speech.AsSpan(f * 320, 320)));
        var loudFrames = Enumerable.Range(0, speech.Length / 320).Where(f => Measure.Rms(speech.AsSpan(f * 320, 320)) > peak * 0.1).Select(f => f + 100).ToList();
        var detected = loudFrames.Count(f => results[f].IsSpeech) / (double)loudFrames.Count;
        TestContext.Current.TestOutputHelper?.WriteLine($"noise {noiseRms}: loud speech frames detected {detected:P1}");
        Assert.True(detected > 0.9, $"only {detected:P1} of loud speech frames were detected");

        // Lead-in after adaptation, and the tail after the hangover, are not speech.
        Assert.All(results.Skip(50).Take(50), r => Assert.False(r.IsSpeech));
        var speechEnd = 100 + (speech.Length / 320);
        Assert.All(results.Skip(speechEnd + 25), r => Assert.False(r.IsSpeech));
    }

    [Fact]
    [Trait("Category", TestCategories.Audio)]
    public void Hangover_holds_speech_for_the_configured_time_after_it_stops()
    {
        var speech = SpeechSamples.Sentence16K;
        var input = new short[Second].Concat(speech).Concat(new short[Second * 2]).ToArray();

        var shortTail = TailFrames(Run(input, new VoiceActivityOptions { Hangover = TimeSpan.Zero }));
        var longTail = TailFrames(Run(input, new VoiceActivityOptions { Hangover = TimeSpan.FromMilliseconds(600) }));

        // 600 ms of hangover is 30 frames more of "speech" at the end.
        Assert.InRange(longTail - shortTail, 28, 32);
    }

    [Fact]
    public void Bad_options_are_refused() =>
        Assert.Throws<ArgumentException>(() => new VoiceActivityDetector(new VoiceActivityOptions { StartThreshold = 0.3, ContinueThreshold = 0.5 }));

    private static int TailFrames(List<VoiceActivity> results)
    {
        var last = results.FindLastIndex(r => r.IsSpeech);
        var lastLikely = results.FindLastIndex(r => r.Probability >= 0.35);
        return last - lastLikely;
    }

    private static List<VoiceActivity> Run(short[] samples, VoiceActivityOptions? options = null)
    {
        var detector = new VoiceActivityDetector(options);
        var results = new List<VoiceActivity>();
        for (var offset = 0; offset + 320 <= samples.Length; offset += 320)
        {
            results.Add(detector.Process(samples.AsSpan(offset, 320)));
        }

        return results;
    }
}
