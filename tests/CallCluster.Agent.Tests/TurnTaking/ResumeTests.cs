using System.Text.Json;
using System.Text.Json.Nodes;
using CallCluster.Agent.TurnTaking;

namespace CallCluster.Agent.Tests.TurnTaking;

public sealed class ResumeTests
{
    private static TurnTakingSnapshot ThroughJson(TurnTakingSnapshot snapshot) =>
        JsonSerializer.Deserialize<TurnTakingSnapshot>(JsonSerializer.Serialize(snapshot))!;

    [Fact]
    public void A_snapshot_survives_json_and_restores_the_same_state()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.CallerSays("balance");
        var speak = harness.Respond("It is 42 dollars. Anything else?");
        harness.Send(new PlayoutMark(harness.Now, speak.TurnId, 17));
        var snapshot = harness.Machine.Snapshot();

        var restored = ThroughJson(snapshot);
        harness.RestoreFrom(restored);

        Assert.Equal(snapshot, restored);
        Assert.Equal(17, restored.AgentTurn!.HeardOffset);
        Assert.Equal(harness.Machine.Snapshot(), restored);
        Assert.Equal(TurnState.AgentSpeaking, harness.State);
    }

    [Fact]
    public void Resume_while_speaking_clears_the_old_turn_says_the_line_and_asks_the_node_again()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.CallerSays("balance");
        var speak = harness.Respond("It is 42 dollars. Anything else?");
        harness.Send(new PlayoutMark(harness.Now, speak.TurnId, "It is 42 dollars.".Length));
        harness.RestoreFrom(ThroughJson(harness.Machine.Snapshot()));

        var resumed = harness.Send(new Resume(harness.Now));

        Assert.Equal(new ClearPlayout(speak.TurnId), resumed[0]);
        Assert.Contains(new CommitAgentTurn(speak.TurnId, "It is 42 dollars.", SpeechKind.Response, Interrupted: true), resumed);
        var line = resumed.OfType<Speak>().Single();
        Assert.Equal((SpeechKind.Resume, "Sorry, we got cut off for a moment. It is 42 dollars. Anything else?"), (line.Kind, line.Text));
        Assert.True(line.TurnId > speak.TurnId, "turn ids never repeat across a failover");
        harness.Send(new PlayoutFinished(harness.Now, line.TurnId));
        Assert.Equal(TurnState.Listening, harness.State);
    }

    [Fact]
    public void Resume_while_thinking_cancels_the_lost_decision_and_asks_the_node_again()
    {
        var options = new TurnTakingOptions { ResumeLine = "Apologies, one moment ago we lost the line." };
        using var harness = new TurnHarness(options);
        harness.StartListening();
        var decision = harness.CallerSays("balance");
        var checkpoint = harness.Log.OfType<Checkpoint>().Last().Snapshot;
        Assert.Equal(TurnState.Thinking, checkpoint.State);
        harness.RestoreFrom(ThroughJson(checkpoint));

        var resumed = harness.Send(new Resume(harness.Now));

        Assert.Equal(new CancelInFlight(decision.TurnId), resumed[0]);
        Assert.Equal("Apologies, one moment ago we lost the line. Hi, this is the billing line. How can I help?", resumed.OfType<Speak>().Single().Text);
        Assert.Empty(harness.Send(new ResponseReady(harness.Now, decision.TurnId, "late")));
    }

    [Fact]
    public void A_checkpoint_taken_while_the_agent_decides_how_to_answer_silence_keeps_that_through_a_restore()
    {
        using var harness = new TurnHarness(new TurnTakingOptions { AgentAnswersSilence = true });
        harness.StartListening();
        var silence = harness.Advance(harness.Options.NoInputTimeout).OfType<RunDecision>().Single();
        var checkpoint = harness.Log.OfType<Checkpoint>().Last().Snapshot;
        Assert.True(checkpoint.DecisionAnswersSilence);

        harness.RestoreFrom(ThroughJson(checkpoint));

        Assert.Equal(checkpoint, harness.Machine.Snapshot());
        // The restored machine still knows whose answer this is: the graph's answer to silence is a reprompt.
        harness.Send(new DecisionCompleted(harness.Now, silence.TurnId));
        var reprompt = harness.Send(new ResponseReady(harness.Now, silence.TurnId, "Which would you like?")).OfType<Speak>().Single();
        Assert.Equal(SpeechKind.Reprompt, reprompt.Kind);
        Assert.Equal(1, harness.Machine.Counters.Reprompts);
    }

    [Fact]
    public void A_checkpoint_of_a_decision_on_the_caller_s_words_does_not_mark_it_as_answering_silence()
    {
        using var harness = new TurnHarness(new TurnTakingOptions { AgentAnswersSilence = true });
        harness.StartListening();
        var decision = harness.CallerSays("balance");
        var checkpoint = harness.Log.OfType<Checkpoint>().Last().Snapshot;
        Assert.False(checkpoint.DecisionAnswersSilence);

        harness.RestoreFrom(ThroughJson(checkpoint));

        harness.Send(new DecisionCompleted(harness.Now, decision.TurnId));
        Assert.Equal(SpeechKind.Response, harness.Send(new ResponseReady(harness.Now, decision.TurnId, "It is 42 dollars.")).OfType<Speak>().Single().Kind);
    }

    [Fact]
    public void A_checkpoint_written_before_the_silence_marker_existed_reads_as_an_ordinary_decision()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.CallerSays("balance");
        var json = JsonNode.Parse(JsonSerializer.Serialize(harness.Log.OfType<Checkpoint>().Last().Snapshot))!.AsObject();
        Assert.True(json.Remove(nameof(TurnTakingSnapshot.DecisionAnswersSilence)));

        var old = json.Deserialize<TurnTakingSnapshot>()!;

        Assert.False(old.DecisionAnswersSilence);
        harness.RestoreFrom(old);
        Assert.Equal(TurnState.Thinking, harness.State);
    }

    [Fact]
    public void A_silence_marker_without_a_decision_is_refused()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        var listening = harness.Machine.Snapshot() with { DecisionAnswersSilence = true };

        var error = Assert.Throws<ArgumentException>(() => harness.RestoreFrom(listening));

        Assert.Contains("silence answer without a decision", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_while_listening_re_arms_the_timers_with_the_call_time_left()
    {
        var options = new TurnTakingOptions { MaxCallDuration = TimeSpan.FromMinutes(2) };
        using var harness = new TurnHarness(options);
        harness.StartListening();
        var checkpoint = harness.Log.OfType<Checkpoint>().Last().Snapshot;
        harness.AdvanceMs(1000);
        harness.RestoreFrom(ThroughJson(checkpoint));
        Assert.Empty(harness.Advance(TimeSpan.FromSeconds(30)));

        var line = harness.Send(new Resume(harness.Now)).OfType<Speak>().Single();
        harness.Send(new PlayoutFinished(harness.Now, line.TurnId));
        var reprompt = harness.Advance(options.NoInputTimeout).OfType<Speak>().Single();
        Assert.Equal(SpeechKind.Reprompt, reprompt.Kind);
        harness.Send(new TtsChunk(harness.Now, reprompt.TurnId));

        var limit = harness.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(31) - options.NoInputTimeout);
        Assert.Equal(SpeechKind.Goodbye, limit.OfType<Speak>().Single().Kind);
    }

    [Fact]
    public void Resume_while_ending_just_hangs_up()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.CallerSays("bye");
        harness.Respond("Goodbye.", AfterSpeaking.EndCall);
        harness.RestoreFrom(harness.Machine.Snapshot());

        var resumed = harness.Send(new Resume(harness.Now));

        Assert.DoesNotContain(resumed, c => c is Speak);
        Assert.Equal(new HangUp(CallDisposition.Completed), resumed[^2]);
        Assert.Equal(TurnState.Ended, harness.State);
    }

    [Fact]
    public void Resume_while_transferring_keeps_waiting_for_the_transfer()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.CallerSays("human");
        var notice = harness.Respond("Connecting you.", AfterSpeaking.Transfer);
        harness.Send(new PlayoutFinished(harness.Now, notice.TurnId));
        harness.RestoreFrom(harness.Machine.Snapshot());

        Assert.Empty(harness.Send(new Resume(harness.Now)));
        Assert.Equal(CallDisposition.Transferred, harness.Send(new TransferCompleted(harness.Now, TransferOutcome.Connected)).OfType<CallFinished>().Single().Disposition);
    }

    [Fact]
    public void A_snapshot_of_another_version_is_refused_with_a_reason()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        var snapshot = harness.Machine.Snapshot() with { Version = 99 };

        var error = Assert.Throws<ArgumentException>(() => harness.RestoreFrom(snapshot));

        Assert.Contains("version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Awaiting_a_replay_while_listening_says_nothing_and_the_replayed_keys_make_the_turn()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.RestoreFrom(ThroughJson(harness.Log.OfType<Checkpoint>().Last().Snapshot));

        Assert.Empty(harness.Send(new Resume(harness.Now, AwaitReplay: true)).OfType<Speak>());
        Assert.Equal(TurnState.Listening, harness.State);
        foreach (var key in "1234#")
        {
            harness.Send(new DtmfDigit(harness.Now, key));
        }

        var decision = harness.Log.OfType<RunDecision>().Last();
        Assert.Equal("1234", decision.Digits);
        Assert.DoesNotContain(harness.Log.OfType<Speak>(), s => s.Kind == SpeechKind.Resume);
    }

    [Fact]
    public void A_replay_that_held_nothing_is_followed_by_the_usual_resume_line()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.RestoreFrom(ThroughJson(harness.Log.OfType<Checkpoint>().Last().Snapshot));
        harness.Send(new Resume(harness.Now, AwaitReplay: true));

        var line = harness.Send(new Resume(harness.Now)).OfType<Speak>().Single();

        Assert.Equal(SpeechKind.Resume, line.Kind);
        Assert.StartsWith("Sorry, we got cut off", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Awaiting_a_replay_while_speaking_resumes_at_once()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.CallerSays("balance");
        harness.Respond("It is 42 dollars. Anything else?");
        harness.RestoreFrom(ThroughJson(harness.Machine.Snapshot()));

        var line = harness.Send(new Resume(harness.Now, AwaitReplay: true)).OfType<Speak>().Single();

        Assert.Equal(SpeechKind.Resume, line.Kind);
    }
}
