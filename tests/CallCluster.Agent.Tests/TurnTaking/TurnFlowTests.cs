using CallCluster.Agent.TurnTaking;

namespace CallCluster.Agent.Tests.TurnTaking;

public sealed class TurnFlowTests
{
    [Fact]
    public void Nothing_happens_before_the_call_starts()
    {
        using var harness = new TurnHarness();

        Assert.Empty(harness.Send(new SpeechStarted(harness.Now)));
        Assert.Empty(harness.Send(new DtmfDigit(harness.Now, '1')));
        Assert.Equal(TurnState.Idle, harness.State);
    }

    [Fact]
    public void The_greeting_is_spoken_then_the_machine_listens()
    {
        using var harness = new TurnHarness();

        var start = harness.Send(new CallStarted(harness.Now, "Hello, billing here."));
        var speak = Assert.IsType<Speak>(Assert.Single(start));
        Assert.Equal(("Hello, billing here.", SpeechKind.Greeting), (speak.Text, speak.Kind));
        Assert.Equal(TurnState.Greeting, harness.State);

        var finished = harness.Send(new PlayoutFinished(harness.Now, speak.TurnId));

        Assert.Equal(new CommitAgentTurn(speak.TurnId, "Hello, billing here.", SpeechKind.Greeting, Interrupted: false), finished[0]);
        Assert.IsType<Checkpoint>(finished[^1]);
        Assert.Equal(TurnState.Listening, harness.State);
    }

    [Fact]
    public void Without_a_greeting_the_machine_listens_at_once()
    {
        using var harness = new TurnHarness();

        var start = harness.Send(new CallStarted(harness.Now, "  "));

        Assert.IsType<Checkpoint>(Assert.Single(start));
        Assert.Equal(TurnState.Listening, harness.State);
    }

    [Fact]
    public void A_whole_turn_goes_from_speech_to_decision_to_response_and_back_to_listening()
    {
        using var harness = new TurnHarness();
        harness.StartListening();

        var recognitionId = harness.SpeechStart();
        Assert.Equal(TurnState.CallerSpeaking, harness.State);
        Assert.Equal(new StartRecognition(recognitionId), harness.Log[^1]);

        harness.Partial("I want to pay");
        harness.AdvanceMs(800);
        var speechStoppedAt = harness.Now;
        harness.SpeechStop();
        Assert.Empty(harness.AdvanceMs(499));
        Assert.Equal([new FinalizeRecognition(recognitionId)], harness.AdvanceMs(1));
        harness.AdvanceMs(120);
        var final = harness.Final("I want to pay my bill");

        var decision = Assert.IsType<RunDecision>(final[0]);
        Assert.Equal("I want to pay my bill", decision.Transcript);
        Assert.Equal(TurnState.Thinking, harness.State);

        harness.AdvanceMs(200);
        harness.Send(new DecisionCompleted(harness.Now, decision.TurnId));
        harness.AdvanceMs(150);
        harness.Send(new ResponseFirstToken(harness.Now, decision.TurnId));
        harness.AdvanceMs(100);
        var speak = harness.Send(new ResponseReady(harness.Now, decision.TurnId, "Sure. What is your account number?")).OfType<Speak>().Single();
        Assert.Equal((decision.TurnId, SpeechKind.Response), (speak.TurnId, speak.Kind));
        Assert.Equal(TurnState.AgentSpeaking, harness.State);

        harness.AdvanceMs(90);
        harness.Send(new TtsChunk(harness.Now, speak.TurnId));
        harness.AdvanceMs(30);
        harness.Send(new FirstPacketSent(harness.Now, speak.TurnId));
        harness.AdvanceMs(2000);
        var done = harness.Send(new PlayoutFinished(harness.Now, speak.TurnId));

        Assert.Contains(new CommitAgentTurn(speak.TurnId, speak.Text, SpeechKind.Response, Interrupted: false), done);
        var latency = done.OfType<RecordTurnLatency>().Single().Latency;
        Assert.Equal(
            new TurnLatency(
                decision.TurnId,
                EndOfUtterance: TimeSpan.FromMilliseconds(500),
                SttFinal: TimeSpan.FromMilliseconds(620),
                Decision: TimeSpan.FromMilliseconds(200),
                LlmFirstToken: TimeSpan.FromMilliseconds(150),
                TtsFirstByte: TimeSpan.FromMilliseconds(90),
                FirstPacketOut: TimeSpan.FromMilliseconds(120),
                EndToEnd: TimeSpan.FromMilliseconds(620 + 200 + 150 + 100 + 120),
                TurnOutcome.Answered,
                speechStoppedAt),
            latency);
        Assert.Equal(TurnState.Listening, harness.State);
    }

    [Fact]
    public void Per_frame_vad_is_turned_into_edges()
    {
        using var harness = new TurnHarness();
        harness.StartListening();

        harness.Send(new VadFrame(harness.Now, IsSpeech: false));
        Assert.Equal(TurnState.Listening, harness.State);

        var started = harness.Send(new VadFrame(harness.Now, IsSpeech: true));
        Assert.IsType<StartRecognition>(Assert.Single(started));
        for (var i = 0; i < 10; i++)
        {
            harness.AdvanceMs(20);
            Assert.Empty(harness.Send(new VadFrame(harness.Now, IsSpeech: true)));
        }

        harness.Partial("yes");
        harness.Send(new VadFrame(harness.Now, IsSpeech: false));
        var finalize = harness.AdvanceMs(500);

        Assert.IsType<FinalizeRecognition>(Assert.Single(finalize));
    }

    [Fact]
    public void Noise_without_words_is_not_a_turn_and_listening_resumes()
    {
        using var harness = new TurnHarness();
        harness.StartListening();

        harness.SpeechStart();
        harness.AdvanceMs(400);
        harness.SpeechStop();
        harness.AdvanceMs(500);
        harness.Final(string.Empty);

        Assert.Empty(harness.Log.OfType<RunDecision>());
        Assert.Equal(TurnState.Listening, harness.State);
        Assert.Equal(0, harness.Machine.Counters.Reprompts);
    }

    [Fact]
    public void A_missing_final_falls_back_to_the_last_partial_and_cancels_the_recognition()
    {
        using var harness = new TurnHarness();
        harness.StartListening();

        var recognitionId = harness.SpeechStart();
        harness.Partial("check my balance");
        harness.SpeechStop();
        harness.AdvanceMs(500);
        var timedOut = harness.Advance(harness.Options.RecognitionFinalTimeout);

        Assert.Equal(new CancelRecognition(recognitionId), timedOut[0]);
        Assert.Equal("check my balance", timedOut.OfType<RunDecision>().Single().Transcript);
    }

    [Fact]
    public void Results_of_a_stale_recognition_are_ignored()
    {
        using var harness = new TurnHarness();
        harness.StartListening();
        var first = harness.LastRecognitionIdOrZero();
        harness.SpeechStart();

        Assert.Empty(harness.Send(new TranscriptFinal(harness.Now, first + 1000, "stale words")));
        harness.SpeechStop();
        harness.AdvanceMs(500);
        harness.Final(string.Empty);

        Assert.Empty(harness.Log.OfType<RunDecision>());
    }

    [Fact]
    public void An_empty_response_counts_as_the_agent_disappearing_when_the_caller_speaks_again()
    {
        // The counter must be able to fail: here the graph answers with nothing, so the caller speaks twice unanswered.
        using var harness = new TurnHarness();
        harness.StartListening();

        var first = harness.CallerSays("hello");
        harness.Send(new ResponseReady(harness.Now, first.TurnId, " "));
        Assert.Equal(TurnState.Listening, harness.State);
        harness.CallerSays("hello, are you there");

        Assert.Equal(1, harness.Machine.Counters.AgentDisappeared);
    }

    [Fact]
    public void Invalid_options_are_refused_with_the_option_named()
    {
        var options = new TurnTakingOptions { MinEndpointingDelay = TimeSpan.FromSeconds(2), MaxEndpointingDelay = TimeSpan.FromSeconds(1) };

        var error = Assert.Throws<ArgumentException>(() => new TurnHarness(options));

        Assert.Contains(nameof(TurnTakingOptions.MaxEndpointingDelay), error.Message, StringComparison.Ordinal);
    }
}
