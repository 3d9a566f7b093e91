using CallCluster.Speech.Abstractions;
using CallCluster.Speech.PocketSphinx;
using CallCluster.Speech.Tests.Support;
using CallCluster.Testing;
using Microsoft.Extensions.Options;

namespace CallCluster.Speech.Tests.Audio;

/// <summary>espeak-ng speaks each utterance at 16 kHz; pocketsphinx recognises it with the node's grammar.</summary>
[Trait("Category", TestCategories.Audio)]
[Collection(AudioCollection.Name)]
public sealed class RoundTripAccuracyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task At_least_90_percent_of_customer_service_utterances_are_recognised_exactly_or_with_the_right_slot_value()
    {
        Assert.True(CustomerServiceCorpus.Utterances.Length >= 40);
        // A decoder of its own: its adaptive state (cepstral mean) then follows this corpus alone, not other tests.
        using var stt = new PocketSphinxSpeechToText(Options.Create(new PocketSphinxOptions { MaxDecoders = 1 }));
        var misses = new List<string>();
        foreach (var utterance in CustomerServiceCorpus.Utterances)
        {
            var audio = SpeechEngines.SpeakFresh(utterance.Spoken);
            Transcript transcript;
            await using (var session = await stt.StartSessionAsync(CustomerServiceCorpus.Nodes[utterance.Node]))
            {
                await SpeechEngines.PushAsync(session, audio);
                transcript = await session.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }

            output.WriteLine($"{utterance}: '{transcript.Text}' confidence {transcript.Confidence?.ToString("0.00") ?? "n/a"}");
            if (!CustomerServiceCorpus.IsRecognised(utterance, transcript.Text))
            {
                misses.Add($"{utterance} => '{transcript.Text}'");
            }
        }

        var accuracy = 1 - (misses.Count / (double)CustomerServiceCorpus.Utterances.Length);
        output.WriteLine($"accuracy {accuracy:P1}; misses: {string.Join("; ", misses)}");
        // Measured: 43 of 45 (95.6 %), the same two misses every run since each utterance is spoken by a fresh espeak
        // process (in-process audio depended on what other tests had spoken, and this measured 91–96 %). The floor
        // stays at 90 %: two utterances of slack for another machine's floating point, not for noise.
        Assert.True(accuracy >= 0.90, $"accuracy {accuracy:P1} below 90 %; misses: {string.Join("; ", misses)}");
    }
}
