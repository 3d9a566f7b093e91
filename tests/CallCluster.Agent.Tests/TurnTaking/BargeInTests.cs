using CallCluster.Agent.TurnTaking;

namespace CallCluster.Agent.Tests.TurnTaking;

public sealed class BargeInTests
{
    private const string Answer = "Your balance is 42 dollars. It is due on the first. Anything else?";

    /// <summary>Leaves the agent speaking <see cref="Answer"/>, with the first sentence played out.</summary>
    private static Speak AgentSpeaksFirstSentence(TurnHarness harness)
    {
        harness.StartListening();
        harness.CallerSays("what is my balance");
        var speak = harness.Respond(Answer);
        harness.Send(new PlayoutMark(harness.Now, speak.TurnId, "Your balance is 42 dollars.".Length));
        return speak;
    }

    [Fact]
    public void Speech_with_words_past_the_minimum_clears_playout_and_keeps_only_what_was_heard()
    {
        using var harness = new TurnHarness();
        var speak = AgentSpeaksFirstSentence(harness);

        harness.SpeechStart();
        harness.AdvanceMs(150);
        Assert.Empty(harness.Partial("wait"));
        var cut = harness.AdvanceMs(150);

        Assert.Equal(
            [
                new ClearPlayout(speak.TurnId),
                new CancelInFlight(speak.TurnId),
                new CommitAgentTurn(speak.TurnId, "Your balance is 42 dollars.", SpeechKind.Response, Interrupted: true),
            ],
            cut.Take(3));
        Assert.Equal(TurnOutcome.Interrupted, cut.OfType<RecordTurnLatency>().Single().Latency.Outcome);
        Assert.Equal(TurnState.CallerSpeaking, harness.State);
        Assert.Equal(1, harness.Machine.Counters.BargeIns);

        harness.Partial("wait, that's wrong");
        harness.SpeechStop();
        harness.AdvanceMs(500);
        harness.Final("wait, that's wrong");
        Assert.Equal("wait, that's wrong", harness.Log.OfType<RunDecision>().Last().Transcript);
        Assert.Equal(0, harness.Machine.Counters.AgentDisappeared);
    }

    [Fact]
    public void Marks_past_the_text_and_marks_going_backwards_are_clamped()
    {
        using var harness = new TurnHarness();
        var speak = AgentSpeaksFirstSentence(harness);
        harness.Send(new PlayoutMark(harness.Now, speak.TurnId, 3));
        harness.Send(new PlayoutMark(harness.Now, speak.TurnId + 100, Answer.Length));

        harness.Send(new BargeIn(harness.Now));

        Assert.Equal("Your balance is 42 dollars.", harness.Log.OfType<CommitAgentTurn>().Last().HeardText);
    }

    [Fact]
    public void Speech_shorter_than_the_minimum_is_a_false_interruption_and_playout_goes_on()
    {
        using var harness = new TurnHarness();
        var speak = AgentSpeaksFirstSentence(harness);

        var recognitionId = harness.SpeechStart();
        harness.Partial("mm");
        harness.AdvanceMs(200);
        var stop = harness.SpeechStop();
        harness.AdvanceMs(1000);

        Assert.Equal([new CancelRecognition(recognitionId)], stop);
        Assert.DoesNotContain(harness.Log, c => c is ClearPlayout or PausePlayout);
        Assert.Equal(TurnState.AgentSpeaking, harness.State);
        Assert.Equal((0, 1), (harness.Machine.Counters.BargeIns, harness.Machine.Counters.FalseInterruptions));

        var finished = harness.Send(new PlayoutFinished(harness.Now, speak.TurnId));
        Assert.Contains(new CommitAgentTurn(speak.TurnId, Answer, SpeechKind.Response, Interrupted: false), finished);
    }

    [Fact]
    public void Long_speech_without_words_pauses_and_then_resumes_without_clearing()
    {
        using var harness = new TurnHarness();
        var speak = AgentSpeaksFirstSentence(harness);

        var recognitionId = harness.SpeechStart();
        Assert.Equal([new PausePlayout(speak.TurnId)], harness.AdvanceMs(300));
        harness.AdvanceMs(200);
        Assert.Equal([new FinalizeRecognition(recognitionId)], harness.SpeechStop());
        var final = harness.Final(string.Empty);

        Assert.Equal([new ResumePlayout(speak.TurnId)], final);
        Assert.DoesNotContain(harness.Log, c => c is ClearPlayout);
        Assert.Equal(TurnState.AgentSpeaking, harness.State);
        Assert.Equal(1, harness.Machine.Counters.FalseInterruptions);
    }

    [Fact]
    public void A_paused_agent_resumes_when_no_words_arrive_in_time()
    {
        using var harness = new TurnHarness();
        var speak = AgentSpeaksFirstSentence(harness);

        var recognitionId = harness.SpeechStart();
        harness.AdvanceMs(300);
        var resumed = harness.Advance(harness.Options.FalseInterruptionTimeout);

        Assert.Equal([new CancelRecognition(recognitionId), new ResumePlayout(speak.TurnId)], resumed);
        Assert.Equal(1, harness.Machine.Counters.FalseInterruptions);
    }

    [Fact]
    public void Words_arriving_while_paused_confirm_the_barge_in()
    {
        using var harness = new TurnHarness();
        var speak = AgentSpeaksFirstSentence(harness);

        harness.SpeechStart();
        harness.AdvanceMs(300);
        harness.AdvanceMs(400);
        var words = harness.Partial("no no");

        Assert.Equal(new ClearPlayout(speak.TurnId), words[0]);
        Assert.Equal(TurnState.CallerSpeaking, harness.State);
    }

    [Fact]
    public void The_greeting_can_be_barged_in_on()
    {
        using var harness = new TurnHarness();
        var greeting = harness.StartCall("Hello, you have reached billing. Calls are recorded.");
        harness.Send(new PlayoutMark(harness.Now, greeting, "Hello,".Length));

        harness.SpeechStart();
        harness.Partial("agent");
        var cut = harness.AdvanceMs(300);

        Assert.Contains(new CommitAgentTurn(greeting, "Hello,", SpeechKind.Greeting, Interrupted: true), cut);
        Assert.Equal(TurnState.CallerSpeaking, harness.State);
    }

    [Fact]
    public void Caller_speech_while_thinking_supersedes_the_decision_and_merges_the_transcripts()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        var first = harness.CallerSays("I want to pay");

        harness.SpeechStart();
        harness.Partial("my gas bill");
        var cut = harness.AdvanceMs(300);

        Assert.Equal(new CancelInFlight(first.TurnId), cut[0]);
        Assert.DoesNotContain(cut, c => c is ClearPlayout);
        Assert.Equal(TurnOutcome.Superseded, cut.OfType<RecordTurnLatency>().Single().Latency.Outcome);

        harness.SpeechStop();
        harness.AdvanceMs(500);
        harness.Final("my gas bill");
        var merged = harness.Log.OfType<RunDecision>().Last();
        Assert.Equal("I want to pay my gas bill", merged.Transcript);

        // The late answer to the superseded turn is ignored; the merged one is spoken.
        Assert.Empty(harness.Send(new ResponseReady(harness.Now, first.TurnId, "Stale answer")));
        harness.Respond("Your gas bill is 30 dollars.");
        Assert.Equal(0, harness.Machine.Counters.AgentDisappeared);
        Assert.Equal(0, harness.Machine.Counters.BargeIns);
    }

    [Fact]
    public void A_goodbye_cannot_be_interrupted()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.CallerSays("that's all, thanks");
        harness.Respond("Goodbye!", AfterSpeaking.EndCall);
        Assert.Equal(TurnState.Ending, harness.State);

        harness.SpeechStart();
        harness.Partial("wait");
        harness.AdvanceMs(1000);
        harness.Send(new BargeIn(harness.Now));

        Assert.DoesNotContain(harness.Log, c => c is ClearPlayout or PausePlayout);
        Assert.Equal(TurnState.Ending, harness.State);
    }

    [Fact]
    public void Speech_that_starts_as_the_agent_finishes_becomes_the_callers_turn_without_a_barge_in()
    {
        using var harness = new TurnHarness();
        var speak = AgentSpeaksFirstSentence(harness);
        harness.SpeechStart();
        harness.AdvanceMs(100);

        harness.Send(new PlayoutFinished(harness.Now, speak.TurnId));
        Assert.Equal(TurnState.CallerSpeaking, harness.State);
        harness.Partial("yes please");
        harness.AdvanceMs(500);
        harness.SpeechStop();
        harness.AdvanceMs(500);
        harness.Final("yes please");

        Assert.Equal("yes please", harness.Log.OfType<RunDecision>().Last().Transcript);
        Assert.Equal((0, 0), (harness.Machine.Counters.BargeIns, harness.Machine.Counters.FalseInterruptions));
        Assert.DoesNotContain(harness.Log, c => c is ClearPlayout);
    }

    [Fact]
    public void A_key_pressed_while_thinking_joins_the_unanswered_turn()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        var first = harness.CallerSays("my account number is");

        var key = harness.Send(new DtmfDigit(harness.Now, '7'));
        harness.Send(new DtmfDigit(harness.Now, '3'));
        var end = harness.Send(new DtmfDigit(harness.Now, '#'));

        Assert.Equal(new CancelInFlight(first.TurnId), key[0]);
        var merged = end.OfType<RunDecision>().Single();
        Assert.Equal(("my account number is", "73"), (merged.Transcript, merged.Digits));
        Assert.Equal(0, harness.Machine.Counters.AgentDisappeared);
    }
}
