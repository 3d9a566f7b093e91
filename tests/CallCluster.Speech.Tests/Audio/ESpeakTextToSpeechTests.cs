using CallCluster.Media.Frames;
using System.Diagnostics;
using CallCluster.Speech.Abstractions;
using CallCluster.Speech.ESpeak;
using CallCluster.Speech.Tests.Support;
using CallCluster.Testing;

namespace CallCluster.Speech.Tests.Audio;

/// <summary>espeak-ng through the shared engine thread: rate, level, cancellation, serialisation.</summary>
[Trait("Category", TestCategories.Audio)]
[Collection(AudioCollection.Name)]
public sealed class ESpeakTextToSpeechTests(SpeechEngines engines)
{
    private const string LongText =
        "Thank you for calling. I can help you with the status of an order, a refund, a change of address, or a billing " +
        "question. To check an order, please have your order number ready; it is printed on your receipt and in the " +
        "confirmation email we sent when you placed the order. If you would like to speak with a member of our team, " +
        "just say talk to a human at any time, and I will transfer you as soon as someone is available to take your call.";

    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Output_is_16_kHz_with_the_duration_espeak_itself_produces_at_22050_Hz()
    {
        const string text = "Your order will arrive on Tuesday.";
        var ours = await engines.SpeakAsync(text);
        var nativeSamples = await ESpeakCliSampleCountAsync(text);

        var expected = nativeSamples * AudioFormat.SampleRate / 22050.0;
        Assert.InRange(ours.Length, expected * 0.97, expected * 1.03);
    }

    [Fact]
    public async Task Output_is_speech_not_silence()
    {
        var audio = await engines.SpeakAsync("Your order will arrive on Tuesday.");
        var rms = Math.Sqrt(audio.Average(s => (double)s * s));

        Assert.True(rms > 500, $"RMS {rms:0} is too quiet to be speech");
        Assert.True(audio.Count(s => Math.Abs((int)s) > 8000) > 100, "speech has loud peaks");
    }

    [Fact]
    public async Task Cancelling_after_the_first_chunk_stops_synthesis_promptly()
    {
        var full = await FinishedReportAsync(async () => await engines.SpeakAsync(LongText));
        Assert.False(full.Cancelled);

        using var cancellation = new CancellationTokenSource();
        var reported = Reports(out var unsubscribe);
        try
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var chunk in engines.TextToSpeech.SynthesizeAsync(LongText, cancellation.Token))
                {
                    chunk.Dispose();
                    await cancellation.CancelAsync();
                }
            });
            var report = await Eventually.WithinAsync(reported, Generous, "the cancelled synthesis to end");

            Assert.True(report.Cancelled);
            Assert.True(report.AudioProduced < full.AudioProduced * 0.5, $"cancelled synthesis still produced {report.AudioProduced} of {full.AudioProduced}");
        }
        finally
        {
            unsubscribe();
        }
    }

    [Fact]
    public async Task A_consumer_that_stops_reading_stops_synthesis()
    {
        var reported = Reports(out var unsubscribe);
        try
        {
            await foreach (var chunk in engines.TextToSpeech.SynthesizeAsync(LongText))
            {
                chunk.Dispose();
                break;
            }

            var report = await Eventually.WithinAsync(reported, Generous, "the abandoned synthesis to end");
            Assert.True(report.Cancelled);
        }
        finally
        {
            unsubscribe();
        }
    }

    [Fact]
    public async Task Concurrent_requests_are_serialised_without_mixing_their_audio()
    {
        var alone = await engines.SpeakAsync("Yes.");
        var aloneLong = await engines.SpeakAsync("I want to check my order status.");

        var together = await Task.WhenAll(
            Task.Run(() => engines.SpeakAsync("Yes.")),
            Task.Run(() => engines.SpeakAsync("I want to check my order status.")),
            Task.Run(() => engines.SpeakAsync("Yes.")));

        // espeak's output varies a little with its state (a longer pause after a long sentence, noise in fricatives),
        // so each result is checked by length and by what a recogniser hears in it.
        Assert.InRange(together[0].Length, alone.Length * 0.9, alone.Length * 1.1);
        Assert.InRange(together[1].Length, aloneLong.Length * 0.9, aloneLong.Length * 1.1);
        Assert.InRange(together[2].Length, alone.Length * 0.9, alone.Length * 1.1);
        var intent = CustomerServiceCorpus.Nodes["intent"];
        var confirm = CustomerServiceCorpus.Nodes["confirm"];
        Assert.Equal("yes", (await engines.RecognizeAsync(together[0], confirm)).Text);
        Assert.Equal("i want to check my order status", (await engines.RecognizeAsync(together[1], intent)).Text);
        Assert.Equal("yes", (await engines.RecognizeAsync(together[2], confirm)).Text);
    }

    [Fact]
    public async Task Time_to_first_chunk_is_reported_before_the_end()
    {
        var report = await FinishedReportAsync(async () => await engines.SpeakAsync(LongText));

        Assert.NotNull(report.TimeToFirstChunk);
        Assert.True(report.TimeToFirstChunk < report.Elapsed);
        Assert.True(report.AudioProduced > TimeSpan.FromSeconds(10));
    }

    private Task<SynthesisReport> Reports(out Action unsubscribe)
    {
        var reported = new TaskCompletionSource<SynthesisReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandler<SynthesisReport> handler = (_, report) => reported.TrySetResult(report);
        engines.TextToSpeech.SynthesisFinished += handler;
        unsubscribe = () => engines.TextToSpeech.SynthesisFinished -= handler;
        return reported.Task;
    }

    private async Task<SynthesisReport> FinishedReportAsync(Func<Task> synthesis)
    {
        var reported = Reports(out var unsubscribe);
        try
        {
            await synthesis();
            return await Eventually.WithinAsync(reported, Generous, "the synthesis report");
        }
        finally
        {
            unsubscribe();
        }
    }

    private static async Task<long> ESpeakCliSampleCountAsync(string text)
    {
        var start = new ProcessStartInfo("espeak-ng") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-v", "en-us", "-s", "175", "--stdout", text })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = ChildProcess.Start(start);
        using var wav = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(wav);
        await process.WaitForExitAsync();

        // --stdout writes a WAV whose header sizes are unknown while streaming; count bytes after the 44-byte header.
        return (wav.Length - 44) / 2;
    }
}
