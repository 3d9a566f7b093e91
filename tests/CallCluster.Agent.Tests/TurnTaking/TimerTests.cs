using CallCluster.Agent.TurnTaking;

namespace CallCluster.Agent.Tests.TurnTaking;

public sealed class TimerTests
{
    [Fact]
    public void Silence_reprompts_twice_then_says_goodbye_and_hangs_up()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        var prompt = "Hi, this is the billing line. How can I help?";

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            Assert.Empty(harness.Advance(harness.Options.NoInputTimeout - TimeSpan.FromMilliseconds(1)));
            var reprompt = harness.AdvanceMs(1).OfType<Speak>().Single();
            Assert.Equal((SpeechKind.Reprompt, "Sorry, I didn't hear anything. " + prompt), (reprompt.Kind, reprompt.Text));
            Assert.Equal(attempt, harness.Machine.Counters.Reprompts);
            harness.Send(new PlayoutFinished(harness.Now, reprompt.TurnId));
            Assert.Equal(TurnState.Listening, harness.State);
        }

        var goodbye = harness.Advance(harness.Options.NoInputTimeout).OfType<Speak>().Single();
        Assert.Equal((SpeechKind.Goodbye, harness.Options.NoInputGoodbyeLine), (goodbye.Kind, goodbye.Text));
        Assert.Equal(TurnState.Ending, harness.State);

        var end = harness.Send(new PlayoutFinished(harness.Now, goodbye.TurnId));
        Assert.Equal(new HangUp(CallDisposition.NoInput), end[^2]);
        Assert.Equal(CallDisposition.NoInput, Assert.IsType<CallFinished>(end[^1]).Disposition);
        Assert.Equal(TurnState.Ended, harness.State);
        Assert.Empty(harness.Advance(TimeSpan.FromHours(1)));
    }

    [Fact]
    public void When_the_agent_answers_silence_its_reprompts_and_goodbye_are_spoken_and_the_machine_adds_none()
    {
        using var harness = new TurnHarness(new TurnTakingOptions { AgentAnswersSilence = true });
        harness.StartListening();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Empty(harness.Advance(harness.Options.NoInputTimeout - TimeSpan.FromMilliseconds(1)));
            var asked = harness.AdvanceMs(1);
            var decision = asked.OfType<RunDecision>().Single();
            Assert.Equal((string.Empty, string.Empty), (decision.Transcript, decision.Digits));
            Assert.Empty(asked.OfType<Speak>());
            Assert.Equal(TurnState.Thinking, harness.State);
            harness.Send(new DecisionCompleted(harness.Now, decision.TurnId));
            var then = attempt < 3 ? AfterSpeaking.Listen : AfterSpeaking.EndCall;
            var answer = harness.Send(new ResponseReady(harness.Now, decision.TurnId, "Agent line " + attempt, then)).OfType<Speak>().Single();
            Assert.Equal((attempt < 3 ? SpeechKind.Reprompt : SpeechKind.Goodbye, "Agent line " + attempt), (answer.Kind, answer.Text));
            Assert.Equal(Math.Min(attempt, 2), harness.Machine.Counters.Reprompts);
            var after = harness.Send(new PlayoutFinished(harness.Now, answer.TurnId));
            if (then == AfterSpeaking.EndCall)
            {
                Assert.Equal(new HangUp(CallDisposition.Completed), after[^2]);
                Assert.Equal(TurnState.Ended, harness.State);
            }
            else
            {
                Assert.Equal(TurnState.Listening, harness.State);
            }
        }

        Assert.Empty(harness.Advance(TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Speaking_resets_the_reprompt_count()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        var reprompt = harness.Advance(harness.Options.NoInputTimeout).OfType<Speak>().Single();
        harness.Send(new PlayoutFinished(harness.Now, reprompt.TurnId));
        harness.CallerSays("my bill");
        var response = harness.Respond("Which bill?");
        harness.Send(new PlayoutFinished(harness.Now, response.TurnId));

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var again = harness.Advance(harness.Options.NoInputTimeout).OfType<Speak>().Single();
            Assert.Equal(SpeechKind.Reprompt, again.Kind);
            Assert.EndsWith("Which bill?", again.Text, StringComparison.Ordinal);
            harness.Send(new PlayoutFinished(harness.Now, again.TurnId));
        }
    }

    [Fact]
    public void A_decision_timeout_cancels_the_turn_and_plays_the_fallback_never_dead_air()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        var decision = harness.CallerSays("cancel my account");

        Assert.Empty(harness.Advance(harness.Options.DecisionTimeout - TimeSpan.FromMilliseconds(1)));
        var timeout = harness.AdvanceMs(1);

        Assert.Equal(new CancelInFlight(decision.TurnId), timeout[0]);
        Assert.Equal(TurnOutcome.DecisionTimedOut, timeout.OfType<RecordTurnLatency>().Single().Latency.Outcome);
        var fallback = timeout.OfType<Speak>().Single();
        Assert.Equal((SpeechKind.Fallback, harness.Options.FallbackLine), (fallback.Kind, fallback.Text));
        Assert.Equal(1, harness.Machine.Counters.Fallbacks);

        Assert.Empty(harness.Send(new DecisionCompleted(harness.Now, decision.TurnId)));
        Assert.Empty(harness.Send(new ResponseReady(harness.Now, decision.TurnId, "Too late")));
        harness.Send(new PlayoutFinished(harness.Now, fallback.TurnId));
        Assert.Equal(TurnState.Listening, harness.State);
    }

    [Fact]
    public void A_response_timeout_after_the_decision_plays_the_fallback()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        var decision = harness.CallerSays("what's my balance");
        harness.AdvanceMs(3000);
        harness.Send(new DecisionCompleted(harness.Now, decision.TurnId));

        // The decision timer no longer applies; the response timer runs from the decision.
        Assert.Empty(harness.AdvanceMs(3000));
        var timeout = harness.Advance(harness.Options.ResponseTimeout - TimeSpan.FromMilliseconds(3000));

        Assert.Equal(new CancelInFlight(decision.TurnId), timeout[0]);
        Assert.Equal(TurnOutcome.ResponseTimedOut, timeout.OfType<RecordTurnLatency>().Single().Latency.Outcome);
        Assert.Equal(SpeechKind.Fallback, timeout.OfType<Speak>().Single().Kind);
    }

    [Fact]
    public void The_maximum_call_length_says_goodbye_even_mid_response()
    {
        var options = new TurnTakingOptions { MaxCallDuration = TimeSpan.FromMinutes(1) };
        using var harness = new TurnHarness(options);
        harness.StartListening();
        harness.CallerSays("tell me everything");
        var speak = harness.Respond("Here is a very long story.");
        harness.Send(new TtsChunk(harness.Now, speak.TurnId));

        var limit = harness.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(new ClearPlayout(speak.TurnId), limit[0]);
        var goodbye = limit.OfType<Speak>().Single();
        Assert.Equal((SpeechKind.Goodbye, options.MaxDurationGoodbyeLine), (goodbye.Kind, goodbye.Text));
        var end = harness.Send(new PlayoutFinished(harness.Now, goodbye.TurnId));
        Assert.Equal(new HangUp(CallDisposition.MaxDurationReached), end[^2]);
    }

    [Fact]
    public void Dtmf_digits_end_the_turn_on_the_terminator()
    {
        using var harness = new TurnHarness();
        harness.StartListening();

        harness.Send(new DtmfDigit(harness.Now, '4'));
        Assert.Equal(TurnState.CallerSpeaking, harness.State);
        harness.Send(new DtmfDigit(harness.Now, '2'));
        harness.Send(new DtmfDigit(harness.Now, 'x'));
        var end = harness.Send(new DtmfDigit(harness.Now, '#'));

        Assert.Equal(new RunDecision(end.OfType<RunDecision>().Single().TurnId, string.Empty, "42"), end[0]);
    }

    [Fact]
    public void Dtmf_digits_end_the_turn_after_the_inter_digit_gap()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.Send(new DtmfDigit(harness.Now, '7'));
        harness.AdvanceMs(2000);
        harness.Send(new DtmfDigit(harness.Now, '1'));

        Assert.Empty(harness.Advance(harness.Options.DtmfInterDigitTimeout - TimeSpan.FromMilliseconds(1)));
        Assert.Equal("71", harness.AdvanceMs(1).OfType<RunDecision>().Single().Digits);
    }

    [Fact]
    public void A_key_press_interrupts_the_agent_at_once()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.CallerSays("pay my bill");
        var speak = harness.Respond("Press 1 for card, 2 for bank transfer.");

        var key = harness.Send(new DtmfDigit(harness.Now, '1'));

        Assert.Equal(new ClearPlayout(speak.TurnId), key[0]);
        Assert.Equal(1, harness.Machine.Counters.BargeIns);
        Assert.Equal("1", harness.Advance(harness.Options.DtmfInterDigitTimeout).OfType<RunDecision>().Single().Digits);
    }

    [Fact]
    public void A_response_with_no_audio_in_time_is_replaced_by_the_fallback()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.CallerSays("balance");
        var speak = harness.Respond("It is 42 dollars.");

        Assert.Empty(harness.Advance(harness.Options.FirstAudioTimeout - TimeSpan.FromMilliseconds(1)));
        var stuck = harness.AdvanceMs(1);

        Assert.Equal(
            [new ClearPlayout(speak.TurnId), new CancelInFlight(speak.TurnId), new CommitAgentTurn(speak.TurnId, string.Empty, SpeechKind.Response, Interrupted: true)],
            stuck.Take(3));
        Assert.Equal(TurnOutcome.NoAudio, stuck.OfType<RecordTurnLatency>().Single().Latency.Outcome);
        Assert.Equal(SpeechKind.Fallback, stuck.OfType<Speak>().Single().Kind);
        Assert.Equal(1, harness.Machine.Counters.Fallbacks);
    }

    [Fact]
    public void Audio_that_starts_in_time_is_never_replaced()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.CallerSays("balance");
        var speak = harness.Respond("It is 42 dollars.");
        harness.AdvanceMs(2000);
        harness.Send(new FirstPacketSent(harness.Now, speak.TurnId));

        Assert.Empty(harness.Advance(harness.Options.FirstAudioTimeout * 2));
        Assert.Equal(TurnState.AgentSpeaking, harness.State);
    }

    [Fact]
    public void A_silent_fallback_gives_up_speaking_and_listens()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.CallerSays("balance");
        harness.Respond("It is 42 dollars.");
        var fallback = harness.Advance(harness.Options.FirstAudioTimeout).OfType<Speak>().Single();

        var stuck = harness.Advance(harness.Options.FirstAudioTimeout);

        Assert.Equal(new ClearPlayout(fallback.TurnId), stuck[0]);
        Assert.DoesNotContain(stuck, c => c is Speak);
        Assert.Equal(TurnState.Listening, harness.State);
    }

    [Fact]
    public void A_silent_goodbye_still_hangs_up()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        harness.CallerSays("bye");
        harness.Respond("Goodbye.", AfterSpeaking.EndCall);

        var stuck = harness.Advance(harness.Options.FirstAudioTimeout);

        Assert.Equal(new HangUp(CallDisposition.Completed), stuck[^2]);
        Assert.Equal(TurnState.Ended, harness.State);
    }

    [Fact]
    public void A_timer_that_fell_due_before_the_caller_spoke_is_ignored_when_it_is_handled_after()
    {
        // In the grain the due timer is queued behind events already in its mailbox: it must not reprompt a caller
        // who started talking in between.
        var time = new CallCluster.Testing.ManualTimeProvider();
        var due = new List<TimerElapsed>();
        using var metrics = new TurnTakingMetrics();
        using var machine = new TurnTakingMachine(new TurnTakingOptions(), time, due.Add, metrics);
        var greeting = machine.Handle(new CallStarted(time.GetUtcNow(), "Hello.")).OfType<Speak>().Single();
        machine.Handle(new PlayoutFinished(time.GetUtcNow(), greeting.TurnId));

        time.Advance(TimeSpan.FromSeconds(6));
        var noInput = Assert.Single(due, d => d.Timer == TurnTimer.NoInput);
        machine.Handle(new SpeechStarted(time.GetUtcNow()));

        Assert.Empty(machine.Handle(noInput));
        Assert.Equal(TurnState.CallerSpeaking, machine.State);
    }
}
