using CallCluster.Agent.TurnTaking;

namespace CallCluster.Agent.Tests.TurnTaking;

/// <summary>
/// With <see cref="ResponseReady.AnswerUnderway"/> the machine tells a half-given answer (wait the maximum silence) from
/// one the grammar will never take (the ordinary minimum silence), instead of waiting the maximum for both.
/// </summary>
public sealed class AnswerUnderwayTests
{
    private static readonly Predicate<string> SixDigits = text => text.Count(char.IsAsciiDigit) >= 6;

    private static readonly Predicate<string> SomeDigits = text => text.Any(char.IsAsciiDigit) && !SixDigits(text);

    [Fact]
    public void An_answer_the_grammar_will_not_take_ends_after_the_minimum_silence()
    {
        using var harness = ListeningForAnOrderNumber();
        harness.SpeechStart();
        harness.Partial("I don't know it");
        harness.SpeechStop();

        Assert.Empty(harness.Advance(harness.Options.MinEndpointingDelay - TimeSpan.FromMilliseconds(1)));
        Assert.IsType<FinalizeRecognition>(Assert.Single(harness.AdvanceMs(1)));
    }

    [Fact]
    public void A_half_given_answer_waits_the_maximum_silence()
    {
        using var harness = ListeningForAnOrderNumber();
        harness.SpeechStart();
        harness.Partial("123");
        harness.SpeechStop();

        Assert.Empty(harness.Advance(harness.Options.MaxEndpointingDelay - TimeSpan.FromMilliseconds(1)));
        Assert.IsType<FinalizeRecognition>(Assert.Single(harness.AdvanceMs(1)));
    }

    [Fact]
    public void Words_that_catch_up_during_the_silence_and_show_a_half_given_answer_extend_the_wait()
    {
        using var harness = ListeningForAnOrderNumber();
        harness.SpeechStart();
        harness.SpeechStop();
        harness.AdvanceMs(100);

        Assert.Empty(harness.Partial("123"));

        Assert.Empty(harness.Advance(harness.Options.MaxEndpointingDelay - TimeSpan.FromMilliseconds(101)));
        Assert.IsType<FinalizeRecognition>(Assert.Single(harness.AdvanceMs(1)));
    }

    [Fact]
    public void A_complete_answer_still_ends_the_turn_at_the_speech_stop()
    {
        using var harness = ListeningForAnOrderNumber();
        var recognitionId = harness.SpeechStart();
        harness.Partial("123456");

        Assert.Equal([new FinalizeRecognition(recognitionId)], harness.SpeechStop());
    }

    private static TurnHarness ListeningForAnOrderNumber()
    {
        var harness = new TurnHarness();
        harness.StartListening();
        harness.CallerSays("order status");
        var decision = harness.Log.OfType<RunDecision>().Last();
        harness.Send(new DecisionCompleted(harness.Now, decision.TurnId));
        var speak = harness.Send(new ResponseReady(harness.Now, decision.TurnId, "What's your order number?", AfterSpeaking.Listen, SixDigits, AnswerUnderway: SomeDigits))
            .OfType<Speak>().Single();
        harness.Send(new PlayoutFinished(harness.Now, speak.TurnId));
        Assert.Equal(TurnState.Listening, harness.State);
        return harness;
    }
}
