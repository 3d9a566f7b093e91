using System.Diagnostics;
using CallCluster.Speech.Abstractions;
using CallCluster.Speech.ESpeak;
using CallCluster.Speech.PocketSphinx;
using CallCluster.Speech.Tests.Support;
using CallCluster.Testing;
using Microsoft.Extensions.Options;

namespace CallCluster.Speech.Tests.AgentUtterances;

/// <summary>
/// Issue 4's acceptance: the default agent's utterances, spoken by espeak-ng at 16 kHz, recognised by pocketsphinx
/// with the current node's grammar and decided by the agent's rules, give the right route and slots. Prints the table
/// of every utterance, what was heard and what the agent made of it.
/// </summary>
[Trait("Category", TestCategories.Audio)]
[Collection(AudioCollection.Name)]
public sealed class DefaultAgentIntentAccuracyTests(ITestOutputHelper output)
{
    /// <summary>A little variety in the synthetic callers: voice variant, rate and pitch, taken in turn.</summary>
    private static readonly ESpeakOptions[] Voices =
    [
        new() { Voice = "en-us", WordsPerMinute = 175, Pitch = 50 },
        new() { Voice = "en-us+m3", WordsPerMinute = 160, Pitch = 45 },
        new() { Voice = "en-us", WordsPerMinute = 190, Pitch = 60 },
    ];

    /// <summary>Issue 4's acceptance target.</summary>
    private const double Target = 0.95;

    [Fact]
    public async Task At_least_95_percent_of_the_default_agents_utterances_are_understood_from_audio()
    {
        var agent = new DefaultAgentUnderstanding();
        // A decoder of its own, so its adaptive state (cepstral mean) follows this corpus alone.
        using var stt = new PocketSphinxSpeechToText(Options.Create(new PocketSphinxOptions { MaxDecoders = 1 }));
        var hints = agent.Utterances.Select(u => u.Node).Distinct().ToDictionary(n => n, agent.HintsAt, StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var misses = new List<string>();
        for (var i = 0; i < agent.Utterances.Count; i++)
        {
            var utterance = agent.Utterances[i];
            var voice = i % Voices.Length;
            var caller = Voices[voice];
            var audio = ESpeakCommand.Speak(utterance.Spoken, caller.Voice, caller.WordsPerMinute, caller.Pitch, caller.ResamplerQuality);
            Transcript transcript;
            await using (var session = await stt.StartSessionAsync(hints[utterance.Node], TestContext.Current.CancellationToken))
            {
                await SpeechEngines.PushAsync(session, audio);
                transcript = await session.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            }

            var decision = await agent.DecideAsync(utterance, transcript.Text);
            var understood = DefaultAgentUnderstanding.IsUnderstood(utterance, decision);
            var got = (decision.Route ?? "no match") + string.Concat(decision.Slots.Select(s => $" {s.Key}={s.Value}"));
            output.WriteLine($"{(understood ? "ok  " : "MISS")} v{voice} {utterance} | heard '{transcript.Text}' → {got}");
            if (!understood)
            {
                misses.Add($"{utterance} (voice {voice}) heard '{transcript.Text}' → {got}");
            }
        }

        var accuracy = 1 - (misses.Count / (double)agent.Utterances.Count);
        output.WriteLine($"{agent.Utterances.Count - misses.Count}/{agent.Utterances.Count} understood ({accuracy:P1}) in {clock.Elapsed.TotalSeconds:0} s");
        foreach (var miss in misses)
        {
            output.WriteLine("miss: " + miss);
        }

        // Measured: 105 of 110 (95.5 %), the same five misses run after run (docs/benchmarks-speech.md), so the target
        // holds with no slack: a sixth miss fails the test, and that is a recognition regression to look at. Run after
        // run needs each utterance spoken by a fresh espeak process (ESpeakCommand): spoken in this process, the audio
        // depended on what other tests had spoken first, and CI once heard six misses.
        Assert.True(accuracy >= Target, $"{accuracy:P1} understood, below {Target:P0}; misses:\n{string.Join('\n', misses)}");
    }
}
