using CallCluster.Media.Frames;
using CallCluster.Speech.Abstractions;
using CallCluster.Speech.PocketSphinx;
using CallCluster.Speech.Tests.Support;
using CallCluster.Testing;
using Microsoft.Extensions.Options;

namespace CallCluster.Speech.Tests.Audio;

/// <summary>The pocketsphinx provider on real synthesised speech: pooling, grammar switching, partials, abandonment.</summary>
[Trait("Category", TestCategories.Audio)]
[Collection(AudioCollection.Name)]
public sealed class PocketSphinxSessionTests(SpeechEngines engines)
{
    private static readonly RecognitionHints OrderNumber = CustomerServiceCorpus.Nodes["order_number"];
    private static readonly RecognitionHints Intent = CustomerServiceCorpus.Nodes["intent"];
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task One_decoder_serves_consecutive_utterances_and_switches_grammar_per_utterance()
    {
        using var stt = new PocketSphinxSpeechToText(Options.Create(new PocketSphinxOptions { MaxDecoders = 1 }));
        var refund = SpeechEngines.SpeakFresh("I want a refund.");
        var order = SpeechEngines.SpeakFresh("Order five five five two.");

        var first = await RecognizeAsync(stt, refund, Intent);
        var second = await RecognizeAsync(stt, order, OrderNumber);
        var third = await RecognizeAsync(stt, refund, Intent);

        Assert.Equal("i want a refund", first.Text);
        Assert.Equal("order five five five two", second.Text);
        Assert.Equal("i want a refund", third.Text);
        Assert.Equal(1, stt.Pool.Created);
        Assert.True(stt.Pool.Idle == 1, "the decoder went back to the pool");
    }

    [Fact]
    public async Task A_grammar_is_compiled_once_per_decoder_and_reused_from_its_cache()
    {
        using var stt = new PocketSphinxSpeechToText(Options.Create(new PocketSphinxOptions { MaxDecoders = 1 }));
        var yes = SpeechEngines.SpeakFresh("Yes.");
        var confirm = CustomerServiceCorpus.Nodes["confirm"];

        await RecognizeAsync(stt, yes, confirm);
        await RecognizeAsync(stt, yes, Intent);
        await RecognizeAsync(stt, yes, confirm);

        var decoder = await stt.Pool.RentAsync(CancellationToken.None);
        try
        {
            Assert.Equal(2, decoder.GrammarsCompiled);
            Assert.Equal(3, decoder.Utterances);
        }
        finally
        {
            stt.Pool.Return(decoder, healthy: true);
        }
    }

    [Fact]
    public async Task Partials_arrive_before_the_final_result()
    {
        var audio = SpeechEngines.SpeakFresh("The order number is one two three four five six.");
        await using var session = await engines.SpeechToText.StartSessionAsync(OrderNumber);
        var events = new List<string>();
        var firstPartial = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = Task.Run(async () =>
        {
            await foreach (var partial in session.ReadPartialsAsync())
            {
                lock (events)
                {
                    events.Add("partial:" + partial.Text);
                }

                firstPartial.TrySetResult();
            }
        });

        // Push only the speech (no trailing silence, no completion) and wait for a partial: it cannot be a final.
        for (var offset = 0; offset < audio.Length; offset += AudioFormat.SamplesPerFrame)
        {
            await session.PushAsync(audio.AsMemory(offset, Math.Min(AudioFormat.SamplesPerFrame, audio.Length - offset)));
        }

        await Eventually.WithinAsync(firstPartial.Task, Generous, "a partial hypothesis while the utterance is open");
        var final = await session.CompleteAsync().WaitAsync(Generous);
        await reading.WaitAsync(Generous);
        lock (events)
        {
            events.Add("final:" + final.Text);
        }

        Assert.StartsWith("partial:", events[0], StringComparison.Ordinal);
        Assert.StartsWith("final:", events[^1], StringComparison.Ordinal);
        Assert.NotEmpty(final.Words);
        Assert.True(final.Words.Zip(final.Words.Skip(1)).All(pair => pair.First.End <= pair.Second.Start + TimeSpan.FromMilliseconds(10)), "word timings are in order");
        Assert.True(final.AudioDuration > TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task An_abandoned_session_gives_its_decoder_back_clean()
    {
        using var stt = new PocketSphinxSpeechToText(Options.Create(new PocketSphinxOptions { MaxDecoders = 1 }));
        var refund = SpeechEngines.SpeakFresh("I want a refund.");
        await using (var abandoned = await stt.StartSessionAsync(Intent))
        {
            await abandoned.PushAsync(refund.AsMemory(0, refund.Length / 2));
        }

        var next = await RecognizeAsync(stt, refund, Intent);

        Assert.Equal("i want a refund", next.Text);
        Assert.Equal(1, stt.Pool.Created);
    }

    [Fact]
    public async Task Pushing_after_completion_is_a_clear_error()
    {
        await using var session = await engines.SpeechToText.StartSessionAsync(Intent);
        await session.CompleteAsync().WaitAsync(Generous);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await session.PushAsync(new short[AudioFormat.SamplesPerFrame]));
    }

    [Fact]
    public async Task Free_text_without_hints_uses_the_language_model()
    {
        var audio = SpeechEngines.SpeakFresh("I would like to check the status of my order please.");
        var transcript = await engines.RecognizeAsync(audio, RecognitionHints.None);

        // The free language model is inaccurate on synthetic speech (measured), so this asserts only that it runs
        // and hears words; accuracy is claimed for grammars alone.
        Assert.False(transcript.IsEmpty, "the language model recognised nothing");
    }

    private static async Task<Transcript> RecognizeAsync(PocketSphinxSpeechToText stt, short[] audio, RecognitionHints hints)
    {
        await using var session = await stt.StartSessionAsync(hints);
        await SpeechEngines.PushAsync(session, audio);
        return await session.CompleteAsync().WaitAsync(Generous);
    }
}
