using System.Runtime.CompilerServices;
using CallCluster.Grains.Speaking;
using CallCluster.Speech.Abstractions;
using CallCluster.Speech.ESpeak;
using CallCluster.Testing;
using Microsoft.Extensions.Options;

namespace CallCluster.Grains.Tests.Speaking;

/// <summary>A sentence many calls say is synthesized once, by real espeak-ng; failures are not kept.</summary>
[Trait("Category", TestCategories.Audio)]
public sealed class SpokenSentenceCacheTests
{
    private const string ResumeLine = "Sorry, we got cut off for a moment.";

    private readonly CountingSynthesizer _tts = new(new ESpeakTextToSpeech(Options.Create(new ESpeakOptions())));

    [Fact]
    public async Task A_sentence_said_again_comes_from_the_cache_with_the_same_samples()
    {
        var cache = new SpokenSentenceCache(_tts);

        var first = await SpeakAsync(cache, ResumeLine);
        var second = await SpeakAsync(cache, ResumeLine);

        Assert.Equal(1, _tts.Syntheses);
        Assert.True(first.Length > 16_000 / 2, "espeak produced less than half a second for a whole sentence");
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Calls_asking_at_once_share_one_synthesis()
    {
        var cache = new SpokenSentenceCache(_tts);

        var all = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => SpeakAsync(cache, ResumeLine))));

        Assert.Equal(1, _tts.Syntheses);
        Assert.All(all, samples => Assert.Equal(all[0], samples));
    }

    [Fact]
    public async Task A_cancelled_synthesis_is_not_kept_and_the_next_call_synthesizes_again()
    {
        var cache = new SpokenSentenceCache(_tts);
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in cache.SpeakAsync(ResumeLine, cancel.Token))
            {
                await cancel.CancelAsync();
            }
        });
        var after = await SpeakAsync(cache, ResumeLine);

        Assert.Equal(2, _tts.Syntheses);
        Assert.NotEmpty(after);
        Assert.Equal(1, cache.Count);
    }

    private static async Task<short[]> SpeakAsync(SpokenSentenceCache cache, string sentence)
    {
        var samples = new List<short>();
        await foreach (var chunk in cache.SpeakAsync(sentence, TestContext.Current.CancellationToken))
        {
            samples.AddRange(chunk.Span);
        }

        return [.. samples];
    }

    /// <summary>The real synthesizer, counting how often it is asked.</summary>
    private sealed class CountingSynthesizer(ITextToSpeech inner) : ITextToSpeech
    {
        private int _syntheses;

        public int Syntheses => Volatile.Read(ref _syntheses);

        public async IAsyncEnumerable<SynthesizedAudio> SynthesizeAsync(string text, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _syntheses);
            await foreach (var chunk in inner.SynthesizeAsync(text, cancellationToken))
            {
                yield return chunk;
            }
        }
    }
}
