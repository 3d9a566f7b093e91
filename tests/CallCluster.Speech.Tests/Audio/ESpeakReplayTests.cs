using CallCluster.Speech.ESpeak;
using CallCluster.Speech.Tests.Support;
using CallCluster.Testing;
using Microsoft.Extensions.Options;

namespace CallCluster.Speech.Tests.Audio;

/// <summary>A text spoken before is replayed from the cache: the same audio, without queueing for espeak again.</summary>
[Trait("Category", TestCategories.Audio)]
[Collection(AudioCollection.Name)]
public sealed class ESpeakReplayTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_repeated_text_is_replayed_identically_without_a_new_synthesis()
    {
        var tts = new ESpeakTextToSpeech(Options.Create(new ESpeakOptions()));
        var syntheses = 0;
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tts.SynthesisFinished += (_, _) =>
        {
            Interlocked.Increment(ref syntheses);
            first.TrySetResult();
        };

        var spoken = await SpeakAsync(tts, "Is there anything else I can help you with?");
        await Eventually.WithinAsync(first.Task, Generous, "the first synthesis to report");
        var replayed = await SpeakAsync(tts, "Is there anything else I can help you with?");

        Assert.NotEmpty(spoken);
        Assert.Equal(spoken, replayed);
        Assert.Equal(1, Volatile.Read(ref syntheses));
        Assert.Equal(spoken.Length, tts.CachedSamples);
    }

    [Fact]
    public async Task A_synthesis_stopped_early_is_not_cached()
    {
        var tts = new ESpeakTextToSpeech(Options.Create(new ESpeakOptions()));
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tts.SynthesisFinished += (_, _) => ended.TrySetResult();

        await foreach (var chunk in tts.SynthesizeAsync("Your order left our warehouse this morning and arrives on Tuesday."))
        {
            chunk.Dispose();
            break;
        }

        await Eventually.WithinAsync(ended.Task, Generous, "the abandoned synthesis to end");
        Assert.Equal(0, tts.CachedSamples);
    }

    private static async Task<short[]> SpeakAsync(ESpeakTextToSpeech tts, string text)
    {
        var samples = new List<short>();
        await foreach (var chunk in tts.SynthesizeAsync(text))
        {
            using (chunk)
            {
                samples.AddRange(chunk.Samples.Span);
            }
        }

        return [.. samples];
    }
}
