using CallCluster.Agent.TurnTaking;

namespace CallCluster.Agent.Tests.TurnTaking;

public sealed class EndpointingTests
{
    private static readonly Predicate<string> YesOrNo = text => text.Trim() is "yes" or "no";

    private static readonly Predicate<string> SixteenDigits = text => text.Count(char.IsAsciiDigit) >= 16;

    [Fact]
    public void Without_a_grammar_the_turn_ends_after_the_minimum_silence()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.SpeechStart();
        harness.Partial("I'd like to talk about my bill");
        harness.SpeechStop();

        Assert.Empty(harness.AdvanceMs(499));
        Assert.IsType<FinalizeRecognition>(Assert.Single(harness.AdvanceMs(1)));
    }

    [Fact]
    public void The_caller_going_on_within_the_silence_keeps_one_turn()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.SpeechStart();
        harness.Partial("I'd like to");
        harness.SpeechStop();
        harness.AdvanceMs(400);

        Assert.Empty(harness.Send(new SpeechStarted(harness.Now)));
        harness.Partial("I'd like to pay");
        harness.AdvanceMs(400);
        harness.SpeechStop();
        Assert.Empty(harness.AdvanceMs(499));
        harness.AdvanceMs(1);
        harness.Final("I'd like to pay");

        Assert.Equal("I'd like to pay", Assert.Single(harness.Log.OfType<RunDecision>()).Transcript);
        Assert.Single(harness.Log.OfType<StartRecognition>());
    }

    [Fact]
    public void A_partial_that_completes_the_grammar_ends_the_turn_at_the_speech_stop()
    {
        using var harness = new TurnHarness();
        harness.StartListening(completes: YesOrNo);
        var recognitionId = harness.SpeechStart();
        harness.Partial("yes");

        var stop = harness.SpeechStop();

        Assert.Equal([new FinalizeRecognition(recognitionId)], stop);
        var decision = harness.Final("yes").OfType<RunDecision>().Single();
        Assert.Equal("yes", decision.Transcript);
    }

    [Fact]
    public void A_partial_arriving_after_the_stop_that_completes_the_grammar_ends_the_turn_early()
    {
        using var harness = new TurnHarness();
        harness.StartListening(completes: YesOrNo);
        harness.SpeechStart();
        harness.SpeechStop();
        harness.AdvanceMs(100);

        var partial = harness.Partial("no");

        Assert.IsType<FinalizeRecognition>(Assert.Single(partial));
        harness.Final("no");
        Assert.Equal("no", harness.Log.OfType<RunDecision>().Single().Transcript);
        Assert.Equal(TurnState.Thinking, harness.State);
    }

    [Fact]
    public void An_incomplete_answer_gets_the_maximum_silence()
    {
        using var harness = new TurnHarness();
        harness.StartListening(completes: SixteenDigits);
        harness.SpeechStart();
        harness.Partial("4111 1111");
        harness.SpeechStop();

        Assert.Empty(harness.Advance(harness.Options.MaxEndpointingDelay - TimeSpan.FromMilliseconds(1)));
        Assert.IsType<FinalizeRecognition>(Assert.Single(harness.AdvanceMs(1)));
    }

    [Fact]
    public void An_incomplete_answer_completed_after_a_pause_ends_at_once()
    {
        using var harness = new TurnHarness();
        harness.StartListening(completes: SixteenDigits);
        harness.SpeechStart();
        harness.Partial("4111 1111");
        harness.SpeechStop();
        harness.AdvanceMs(1500);
        harness.SpeechStart();
        harness.Partial("4111 1111 1111 1111");

        var stop = harness.SpeechStop();

        Assert.IsType<FinalizeRecognition>(Assert.Single(stop));
        harness.Final("4111 1111 1111 1111");
        Assert.Equal("4111 1111 1111 1111", harness.Log.OfType<RunDecision>().Single().Transcript);
    }

    [Fact]
    public void The_end_of_utterance_delay_is_measured_from_the_speech_stop()
    {
        using var harness = new TurnHarness();
        harness.StartListening(completes: SixteenDigits);
        harness.SpeechStart();
        harness.Partial("my number is");
        harness.SpeechStop();
        harness.Advance(harness.Options.MaxEndpointingDelay);
        harness.AdvanceMs(200);
        harness.Final("my number is");
        var speak = harness.Respond("Go on.");
        var done = harness.Send(new PlayoutFinished(harness.Now, speak.TurnId));

        var latency = done.OfType<RecordTurnLatency>().Single().Latency;
        Assert.Equal(harness.Options.MaxEndpointingDelay, latency.EndOfUtterance);
        Assert.Equal(harness.Options.MaxEndpointingDelay + TimeSpan.FromMilliseconds(200), latency.SttFinal);
    }
}
