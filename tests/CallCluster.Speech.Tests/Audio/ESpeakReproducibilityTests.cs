using CallCluster.Speech.Tests.Support;
using CallCluster.Testing;

namespace CallCluster.Speech.Tests.Audio;

/// <summary>
/// Why the accuracy tests speak through <see cref="ESpeakCommand"/>: a fresh espeak-ng process speaks a text the same
/// way every time, while the library in a process carries waveform state from one text to the next. Should the second
/// test ever fail, espeak-ng has become reproducible in-process and the tests could speak through the engine again.
/// </summary>
[Trait("Category", TestCategories.Audio)]
[Collection(AudioCollection.Name)]
public sealed class ESpeakReproducibilityTests(SpeechEngines engines, ITestOutputHelper output)
{
    private const string Text = "nine four one oh seven";

    [Fact]
    public void A_fresh_espeak_process_speaks_the_same_text_sample_for_sample()
    {
        var first = ESpeakCommand.Speak(Text, "en-us", 190, 60);
        var second = ESpeakCommand.Speak(Text, "en-us", 190, 60);

        Assert.True(first.Length > 16_000, $"{first.Length} samples is not a spoken number");
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task The_engine_in_process_speaks_the_same_text_differently_the_second_time()
    {
        var first = await engines.SpeakAsync(Text, TestContext.Current.CancellationToken);
        var second = await engines.SpeakAsync(Text, TestContext.Current.CancellationToken);

        var differing = first.Zip(second).Count(pair => pair.First != pair.Second) + Math.Abs(first.Length - second.Length);
        output.WriteLine($"{differing} of {first.Length} samples differ");
        Assert.NotEqual(0, differing);
    }
}
