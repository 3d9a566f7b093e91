using CallCluster.Agent.TurnTaking;

namespace CallCluster.Agent.Tests.TurnTaking;

public sealed class CallEndTests
{
    [Fact]
    public void A_transfer_line_is_spoken_then_the_transfer_starts_and_the_caller_is_on_hold()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.CallerSays("I want a human");
        var notice = harness.Respond("Let me connect you to a colleague.", AfterSpeaking.Transfer);

        var started = harness.Send(new PlayoutFinished(harness.Now, notice.TurnId));

        Assert.Contains(new StartTransfer(), started);
        Assert.Equal(TurnState.Transferring, harness.State);
        Assert.Empty(harness.Send(new SpeechStarted(harness.Now)));
        Assert.Empty(harness.Advance(harness.Options.NoInputTimeout * 3));

        var connected = harness.Send(new TransferCompleted(harness.Now, TransferOutcome.Connected));
        Assert.Equal(CallDisposition.Transferred, Assert.IsType<CallFinished>(Assert.Single(connected)).Disposition);
        Assert.Equal(TurnState.Ended, harness.State);
    }

    [Theory]
    [InlineData(TransferOutcome.NoAnswer)]
    [InlineData(TransferOutcome.Voicemail)]
    [InlineData(TransferOutcome.IvrDeadEnd)]
    [InlineData(TransferOutcome.Failed)]
    public void A_failed_transfer_is_explained_and_the_node_asked_again(TransferOutcome outcome)
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.CallerSays("human please");
        var notice = harness.Respond("Connecting you now.", AfterSpeaking.Transfer);
        harness.Send(new PlayoutFinished(harness.Now, notice.TurnId));

        var failed = harness.Send(new TransferCompleted(harness.Now, outcome));

        var speak = failed.OfType<Speak>().Single();
        Assert.Equal((SpeechKind.TransferFailed, "I'm sorry, I couldn't reach anyone right now. Hi, this is the billing line. How can I help?"), (speak.Kind, speak.Text));
        harness.Send(new PlayoutFinished(harness.Now, speak.TurnId));
        Assert.Equal(TurnState.Listening, harness.State);
    }

    [Fact]
    public void The_caller_hanging_up_mid_transfer_cancels_it()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.CallerSays("human please");
        var notice = harness.Respond("Connecting you now.", AfterSpeaking.Transfer);
        harness.Send(new PlayoutFinished(harness.Now, notice.TurnId));

        var hangUp = harness.Send(new CallerHungUp(harness.Now));

        Assert.Equal(new CancelTransfer(), hangUp[0]);
        Assert.Equal(CallDisposition.CallerHungUp, Assert.IsType<CallFinished>(hangUp[^1]).Disposition);
    }

    [Fact]
    public void The_graph_ending_the_call_says_goodbye_then_hangs_up()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        var decision = harness.CallerSays("that's all");
        harness.Send(new ResponseReady(harness.Now, decision.TurnId, "Thanks for calling, goodbye.", AfterSpeaking.EndCall, Disposition: CallDisposition.Completed));
        Assert.Equal(TurnState.Ending, harness.State);

        var end = harness.Send(new PlayoutFinished(harness.Now, decision.TurnId));

        Assert.Equal(new HangUp(CallDisposition.Completed), end[^2]);
        Assert.IsType<CallFinished>(end[^1]);
    }

    [Fact]
    public void The_caller_hanging_up_mid_response_cancels_it_and_records_what_was_heard()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.CallerSays("what do I owe");
        var speak = harness.Respond("You owe 42 dollars. Shall I take a payment?");
        harness.Send(new PlayoutMark(harness.Now, speak.TurnId, "You owe 42 dollars.".Length));

        var hangUp = harness.Send(new CallerHungUp(harness.Now));

        Assert.Equal(new CancelInFlight(speak.TurnId), hangUp[0]);
        Assert.Equal(new CommitAgentTurn(speak.TurnId, "You owe 42 dollars.", SpeechKind.Response, Interrupted: true), hangUp[1]);
        Assert.Equal(TurnOutcome.Abandoned, hangUp.OfType<RecordTurnLatency>().Single().Latency.Outcome);
        Assert.Equal(CallDisposition.CallerHungUp, Assert.IsType<CallFinished>(hangUp[^1]).Disposition);
        Assert.Empty(harness.Send(new PlayoutFinished(harness.Now, speak.TurnId)));
        Assert.Empty(harness.Send(new SpeechStarted(harness.Now)));
    }
}
