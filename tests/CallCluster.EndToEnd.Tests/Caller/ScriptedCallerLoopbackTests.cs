using CallCluster.Load.Calls;
using CallCluster.Load.Calls.Loopback;
using CallCluster.Load.Calls.Reporting;
using CallCluster.Speech.Abstractions;
using CallCluster.Testing;

namespace CallCluster.EndToEnd.Tests.Caller;

/// <summary>
/// The scripted caller against a speaking responder over an in-memory line, with real audio both ways: espeak-ng
/// speech paced at 20 ms by the edge's playout clock, heard through the VAD and recognised by pocketsphinx.
/// </summary>
[Trait("Category", TestCategories.Audio)]
[Collection(CallerAudioCollection.Name)]
public sealed class ScriptedCallerLoopbackTests(CallerAudioFixture audio, ITestOutputHelper output)
{
    private const string Greeting = "hello thank you for calling how can i help you";
    private const string Shipped = "your order has shipped and will arrive tomorrow";
    private const string Goodbye = "you are welcome goodbye";
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_caller_hears_the_agent_takes_turns_with_it_and_measures_plausible_latencies()
    {
        var responder = new SpeakingResponder(audio.TextToSpeech, Greeting, Shipped, Goodbye);
        var script = new CallScript([CallerTurn.Say("where is my order"), CallerTurn.Say("thank you")]);

        var report = await CallAsync(script, responder, Hints(Greeting, Shipped, Goodbye));

        Assert.Equal(CallDisposition.Completed, report.Disposition);
        Assert.Empty(report.Errors);
        Assert.Contains("thank you for calling", report.Greeting?.Text, StringComparison.Ordinal);
        Assert.Equal(2, report.Turns.Count);
        Assert.Contains("shipped", report.Turns[0].Response?.Text, StringComparison.Ordinal);
        Assert.Contains("goodbye", report.Turns[1].Response?.Text, StringComparison.Ordinal);

        // Turns alternate: each caller turn starts after the agent's previous utterance ended, and each answer after the caller's line.
        var previousAgentEnd = report.Greeting!.StartedAt + report.Greeting.Duration;
        foreach (var turn in report.Turns)
        {
            Assert.False(turn.OverlappedAgent, $"turn {turn.Index} started over the agent");
            Assert.True(turn.StartedAt > previousAgentEnd, $"turn {turn.Index} started at {turn.StartedAt} before the agent stopped at {previousAgentEnd}");
            Assert.True(turn.EndedAt > turn.StartedAt + TimeSpan.FromMilliseconds(500), $"turn {turn.Index} lasted only {turn.EndedAt - turn.StartedAt}");
            var response = turn.Response!;
            Assert.True(response.StartedAt > turn.EndedAt, $"the answer to turn {turn.Index} started at {response.StartedAt}, before the caller stopped at {turn.EndedAt}");

            // The responder waits for its VAD's hangover (300 ms) and a 300 ms pause before it speaks, so the caller
            // cannot hear it sooner than that; more than 5 s would mean the turn-taking is broken, not slow.
            Assert.InRange(turn.ResponseLatency!.Value, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
            Assert.InRange(response.Duration, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6));
            previousAgentEnd = response.StartedAt + response.Duration;
        }

        // The responder's own view agrees: it heard the caller exactly twice, each time after it had finished a line.
        var heard = responder.Log.Where(e => e.Kind == "caller-started").ToList();
        Assert.Equal(2, heard.Count);
        Assert.All(heard, e => Assert.Equal(string.Empty, e.Text));
    }

    [Fact]
    public async Task A_barge_in_speaks_while_the_agent_is_still_talking_and_the_agent_stops()
    {
        const string menu = "welcome to the support line please listen carefully as our menu options have recently changed";
        const string connecting = "connecting you to an agent now";
        var responder = new SpeakingResponder(audio.TextToSpeech, menu, connecting);
        var script = new CallScript([CallerTurn.Say("agent please", bargeInAfter: TimeSpan.FromMilliseconds(1500))]);

        var report = await CallAsync(script, responder, Hints(menu, connecting));

        var turn = Assert.Single(report.Turns);
        Assert.True(turn.OverlappedAgent, "the caller's barge-in did not go out while the agent was talking");
        Assert.True(report.Greeting!.Interrupted);
        Assert.True(turn.StartedAt - report.Greeting.StartedAt >= TimeSpan.FromMilliseconds(1500));

        // The menu is about six seconds long: the caller cut in well before its end.
        Assert.True(turn.StartedAt - report.Greeting.StartedAt < TimeSpan.FromSeconds(4));
        Assert.Contains(responder.Log, e => e.Kind == "caller-started" && e.Text == "while-speaking");
        Assert.Contains(responder.Log, e => e.Kind == "barged-in");
        Assert.Contains("connecting", turn.Response?.Text, StringComparison.Ordinal);
        Assert.InRange(turn.ResponseLatency!.Value, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
        Assert.Equal(CallDisposition.Completed, report.Disposition);
    }

    [Fact]
    public async Task A_dtmf_turn_delivers_its_digits_and_the_agent_answers_them()
    {
        const string prompt = "please enter your account number followed by the pound key";
        const string thanks = "thank you one moment please";
        var responder = new SpeakingResponder(audio.TextToSpeech, prompt, thanks);
        var script = new CallScript([CallerTurn.Dtmf("4512#")]);

        var report = await CallAsync(script, responder, Hints(prompt, thanks), outOfBandDigits: true);

        Assert.Equal("4512#", responder.DigitsReceived);
        var turn = Assert.Single(report.Turns);
        Assert.Equal("4512#", turn.Said);
        Assert.Contains("thank you", turn.Response?.Text, StringComparison.Ordinal);
        Assert.InRange(turn.ResponseLatency!.Value, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task In_band_dtmf_tones_reach_an_agent_that_listens_for_them()
    {
        const string prompt = "please enter your account number followed by the pound key";
        const string thanks = "thank you one moment please";
        var responder = new SpeakingResponder(audio.TextToSpeech, prompt, thanks) { DetectInBandDigits = true };
        var script = new CallScript([CallerTurn.Dtmf("907*#")]);

        var report = await CallAsync(script, responder, Hints(prompt, thanks), outOfBandDigits: false);

        Assert.Equal("907*#", responder.DigitsReceived);
        Assert.Contains("thank you", Assert.Single(report.Turns).Response?.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silent_turn_lets_the_agent_reprompt_and_the_agent_hanging_up_is_reported()
    {
        const string question = "what is your account number";
        const string reprompt = "are you still there";
        var responder = new SpeakingResponder(audio.TextToSpeech, question) { Reprompt = reprompt, NoInputTimeout = TimeSpan.FromSeconds(2), HangUpWhenOutOfAnswers = true };
        var script = new CallScript([CallerTurn.SilenceFor(TimeSpan.FromSeconds(6)), CallerTurn.Say("sorry")]);

        var report = await CallAsync(script, responder, Hints(question, reprompt));

        Assert.Equal(2, report.Turns.Count);
        var silent = report.Turns[0];
        Assert.Equal(string.Empty, silent.Said);
        Assert.Contains("still there", silent.Response?.Text, StringComparison.Ordinal);

        // The reprompt comes about NoInputTimeout after the question ended, not the caller's 6 s allowance.
        Assert.InRange(silent.ResponseLatency!.Value, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(4));
        Assert.Null(report.Turns[1].Response);
        Assert.Equal(CallDisposition.AgentHungUp, report.Disposition);
        Assert.Equal("bye", report.EndReason);
    }

    private static RecognitionHints Hints(params string[] phrases) => new() { Phrases = phrases };

    private async Task<CallReport> CallAsync(
        CallScript script, SpeakingResponder responder, RecognitionHints hints, bool outOfBandDigits = true)
    {
        var caller = new ScriptedCaller(script, audio.TextToSpeech, audio.SpeechToText, new ScriptedCallerOptions { Hints = hints });
        await using var call = await LoopbackCall.StartAsync(caller, responder, audio.Scheduler, cancellationToken: TestContext.Current.CancellationToken);
        if (outOfBandDigits)
        {
            caller.DigitSender = call.SendDigitsToAgent;
        }

        var report = await Eventually.WithinAsync(caller.Completion, CallTimeout, "the scripted call to end");
        foreach (var line in report.Transcript)
        {
            output.WriteLine($"{line.At.TotalSeconds,6:0.00}s {line.Speaker,-6} {line.Text}");
        }

        foreach (var turn in report.Turns)
        {
            output.WriteLine($"turn {turn.Index}: {turn.Turn} {turn.StartedAt.TotalSeconds:0.00}-{turn.EndedAt.TotalSeconds:0.00}s latency {turn.ResponseLatency?.TotalMilliseconds:0} ms overlapped={turn.OverlappedAgent}");
        }

        output.WriteLine($"{report.Disposition} ({report.EndReason}) after {report.Duration.TotalSeconds:0.0}s; errors: {string.Join("; ", report.Errors)}");
        foreach (var e in responder.Log)
        {
            output.WriteLine($"  responder {e.At.TotalSeconds,6:0.00}s {e.Kind} {e.Text}");
        }

        return report;
    }
}
