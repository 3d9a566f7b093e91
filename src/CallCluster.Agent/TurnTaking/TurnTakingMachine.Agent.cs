namespace CallCluster.Agent.TurnTaking;

// The agent's side: the decision and response, playout, and interruptions of either.
public sealed partial class TurnTakingMachine
{
    private void OnDecisionCompleted(DecisionCompleted e)
    {
        if (_decisionTurnId != e.TurnId || _decisionCompleted)
        {
            return;
        }

        _decisionCompleted = true;
        _timeline?.DecisionCompletedAt = e.At;
        _timers.Cancel(TurnTimer.Decision);
        _timers.Arm(TurnTimer.Response, e.At + _options.ResponseTimeout);
    }

    private void OnResponseFirstToken(ResponseFirstToken e)
    {
        if (_timeline is { FirstTokenAt: null } timeline && timeline.TurnId == e.TurnId && _decisionTurnId == e.TurnId)
        {
            timeline.FirstTokenAt = e.At;
        }
    }

    private void OnResponseReady(ResponseReady e)
    {
        if (_decisionTurnId != e.TurnId)
        {
            return;
        }

        _decisionTurnId = null;
        _timers.Cancel(TurnTimer.Decision);
        _timers.Cancel(TurnTimer.Response);
        var text = e.Text ?? string.Empty;
        if (e.Then == AfterSpeaking.Listen)
        {
            _answerCompletes = e.AnswerCompletes;
            _answerUnderway = e.AnswerUnderway;
            _digitsComplete = e.DigitsComplete;
            if (text.Trim().Length > 0)
            {
                _nodePrompt = text;
            }
        }

        if (e.Then == AfterSpeaking.EndCall)
        {
            _endingDisposition = e.Disposition;
        }

        if (text.Trim().Length == 0)
        {
            // The graph chose to say nothing; do what follows at once.
            FinishTimeline(TurnOutcome.Answered);
            AfterAgentTurn(e.Then, e.At);
            return;
        }

        SpeakTurn(e.TurnId, text, AnswerKind(e), e.Then, e.At);
    }

    /// <summary>An answer to the caller's silence is the agent's reprompt or its goodbye; any other answer is a response.</summary>
    private SpeechKind AnswerKind(ResponseReady e)
    {
        if (_silenceTurnId != e.TurnId)
        {
            return SpeechKind.Response;
        }

        _silenceTurnId = null;
        switch (e.Then)
        {
            case AfterSpeaking.Listen:
                _reprompts++;
                _metrics.Reprompt();
                return SpeechKind.Reprompt;
            case AfterSpeaking.EndCall:
                return SpeechKind.Goodbye;
            default:
                return SpeechKind.Response;
        }
    }

    private void OnThinkingTimeout(DateTimeOffset at, TurnOutcome outcome)
    {
        if (_state != TurnState.Thinking || _decisionTurnId is not { } turnId)
        {
            return;
        }

        Emit(new CancelInFlight(turnId));
        _decisionTurnId = null;
        FinishTimeline(outcome);
        _fallbacks++;
        _metrics.Fallback();
        SpeakTurn(NewId(), _options.FallbackLine, SpeechKind.Fallback, AfterSpeaking.Listen, at);
    }

    /// <summary>
    /// Starts an agent turn. Every caller has already ended the previous one (played out, cut or abandoned), so two
    /// turns never overlap at the edge; the property test holds the machine to that.
    /// </summary>
    private void SpeakTurn(int turnId, string text, SpeechKind kind, AfterSpeaking then, DateTimeOffset at)
    {
        _agentTurn = new AgentTurn(turnId, text, kind, then);
        _awaitingAgentTurn = false;
        _timers.Arm(TurnTimer.FirstAudio, at + _options.FirstAudioTimeout);
        if (_timeline is { } timeline && timeline.TurnId == turnId)
        {
            timeline.SpeakAt = at;
        }

        _timers.Cancel(TurnTimer.NoInput);
        if (then == AfterSpeaking.EndCall)
        {
            // A goodbye is not interruptible: stop listening to the caller.
            DropCallerInput();
            _state = TurnState.Ending;
        }
        else
        {
            _state = kind == SpeechKind.Greeting ? TurnState.Greeting : TurnState.AgentSpeaking;
        }

        Emit(new Speak(turnId, text, kind));
    }

    /// <summary>The agent turn produced no audio in time (TTS down or stuck): never leave the caller in dead air.</summary>
    private void OnNoAudio(DateTimeOffset at)
    {
        if (_agentTurn is not { AudioStarted: false } turn)
        {
            return;
        }

        Emit(new ClearPlayout(turn.TurnId));
        Emit(new CancelInFlight(turn.TurnId));
        Emit(new CommitAgentTurn(turn.TurnId, string.Empty, turn.Kind, Interrupted: true));
        _agentTurn = null;
        if (_timeline?.TurnId == turn.TurnId)
        {
            FinishTimeline(TurnOutcome.NoAudio);
        }

        if (turn.Then == AfterSpeaking.EndCall || turn.Kind == SpeechKind.Fallback)
        {
            // The line that failed was already the last resort (pre-rendered fallback or goodbye): do what follows it.
            AfterAgentTurn(turn.Then, at);
            return;
        }

        _fallbacks++;
        _metrics.Fallback();
        SpeakTurn(NewId(), _options.FallbackLine, SpeechKind.Fallback, AfterSpeaking.Listen, at);
    }

    private void AudioStarted(int turnId)
    {
        if (_agentTurn is { AudioStarted: false } turn && turn.TurnId == turnId)
        {
            turn.AudioStarted = true;
            _timers.Cancel(TurnTimer.FirstAudio);
        }
    }

    private void OnTtsChunk(TtsChunk e)
    {
        AudioStarted(e.TurnId);
        if (_timeline is { TtsFirstByteAt: null } timeline && timeline.TurnId == e.TurnId && _agentTurn?.TurnId == e.TurnId)
        {
            timeline.TtsFirstByteAt = e.At;
        }
    }

    private void OnFirstPacketSent(FirstPacketSent e)
    {
        AudioStarted(e.TurnId);
        if (_timeline is { FirstPacketAt: null } timeline && timeline.TurnId == e.TurnId && _agentTurn?.TurnId == e.TurnId)
        {
            timeline.FirstPacketAt = e.At;
        }
    }

    private void OnPlayoutMark(PlayoutMark e)
    {
        if (_agentTurn is { } turn && turn.TurnId == e.TurnId)
        {
            AudioStarted(e.TurnId);
            turn.MarkHeard(e.TextOffset);
        }
    }

    private void OnPlayoutFinished(PlayoutFinished e)
    {
        if (_agentTurn is not { } turn || turn.TurnId != e.TurnId)
        {
            return;
        }

        turn.MarkHeard(turn.Text.Length);
        Emit(new CommitAgentTurn(turn.TurnId, turn.Text, turn.Kind, Interrupted: false));
        _agentTurn = null;
        _timers.Cancel(TurnTimer.FirstAudio);
        if (_timeline?.TurnId == turn.TurnId)
        {
            FinishTimeline(TurnOutcome.Answered);
        }

        AfterAgentTurn(turn.Then, e.At);
    }

    private void AfterAgentTurn(AfterSpeaking then, DateTimeOffset at)
    {
        switch (then)
        {
            case AfterSpeaking.Transfer:
                BeginTransfer();
                break;
            case AfterSpeaking.EndCall:
                var disposition = _endingDisposition ?? CallDisposition.Completed;
                DropCallerInput();
                Emit(new HangUp(disposition));
                Finish(disposition);
                break;
            default:
                EnterListening(at);
                break;
        }
    }

    private void OnBargeIn(DateTimeOffset at)
    {
        // Only audio can be barged in on; with nothing playing there is nothing to cut.
        if (_agentTurn is not null && AgentActive)
        {
            ConfirmInterruption(at);
        }
    }

    private void BeginInterruption(DateTimeOffset startedAt)
    {
        _interruption = new Interruption(startedAt);
        EnsureRecognition();
        _timers.Arm(TurnTimer.InterruptionMinDuration, startedAt + _options.MinInterruptionDuration);
    }

    private void OnInterruptionLongEnough(DateTimeOffset at)
    {
        if (_interruption is not { } interruption || !AgentActive)
        {
            return;
        }

        interruption.LongEnough = true;
        if (_recognition is { HasWords: true })
        {
            ConfirmInterruption(at);
            return;
        }

        // Long enough to matter but no words yet: go quiet so the caller is heard, and give the recognizer time.
        if (_agentTurn is { Paused: false } turn)
        {
            turn.Paused = true;
            Emit(new PausePlayout(turn.TurnId));
        }

        _timers.Arm(TurnTimer.FalseInterruption, at + _options.FalseInterruptionTimeout);
    }

    /// <summary>The caller's speech interrupted for real: stop the agent, then carry on with the caller's turn.</summary>
    private void ConfirmInterruption(DateTimeOffset at)
    {
        if (!Interrupt())
        {
            return;
        }

        if (_callerSpeaking)
        {
            return;
        }

        if (_recognition is null)
        {
            if (_carriedTranscript.Length > 0 || _carriedDigits.Length > 0)
            {
                EndCallerTurn(at);
            }
            else
            {
                EnterListening(at);
            }
        }
        else if (_recognition.Status == RecognitionStatus.Done)
        {
            EndCallerTurn(at);
        }
        else
        {
            ScheduleEndpoint(_speechStoppedAt ?? at);
        }
    }

    /// <summary>
    /// The agent's turn stops and is recorded as far as the caller heard it; a decision still in flight is
    /// cancelled and its transcript carried into the caller's new turn. False when there was nothing to interrupt.
    /// </summary>
    private bool Interrupt()
    {
        _interruption = null;
        _timers.Cancel(TurnTimer.InterruptionMinDuration);
        _timers.Cancel(TurnTimer.FalseInterruption);
        if (!AgentActive)
        {
            return false;
        }

        if (_agentTurn is { } turn)
        {
            Emit(new ClearPlayout(turn.TurnId));
            Emit(new CancelInFlight(turn.TurnId));
            Emit(new CommitAgentTurn(turn.TurnId, turn.HeardText, turn.Kind, Interrupted: true));
            _agentTurn = null;
            _timers.Cancel(TurnTimer.FirstAudio);
            if (_timeline?.TurnId == turn.TurnId)
            {
                FinishTimeline(TurnOutcome.Interrupted);
            }

            _bargeIns++;
            _metrics.BargeIn();
        }

        if (_decisionTurnId is { } decision)
        {
            Emit(new CancelInFlight(decision));
            _decisionTurnId = null;
            _timers.Cancel(TurnTimer.Decision);
            _timers.Cancel(TurnTimer.Response);
            FinishTimeline(TurnOutcome.Superseded);

            // The unanswered turn is not lost: it becomes the start of the caller's new turn.
            _carriedTranscript = TextJoin.Join(_decisionTranscript, _carriedTranscript);
            _carriedDigits = _decisionDigits + _carriedDigits;
            _awaitingAgentTurn = false;
        }

        _timers.Cancel(TurnTimer.NoInput);
        _state = TurnState.CallerSpeaking;
        return true;
    }

    /// <summary>The caller's sound was too short or had no words: the agent carries on where it was.</summary>
    private void ResolveFalseInterruption()
    {
        _interruption = null;
        _timers.Cancel(TurnTimer.InterruptionMinDuration);
        _timers.Cancel(TurnTimer.FalseInterruption);
        if (_recognition is { } recognition)
        {
            if (recognition.Status != RecognitionStatus.Done)
            {
                Emit(new CancelRecognition(recognition.Id));
            }

            _recognition = null;
        }

        if (_agentTurn is { Paused: true } turn)
        {
            turn.Paused = false;
            Emit(new ResumePlayout(turn.TurnId));
        }

        _falseInterruptions++;
        _metrics.FalseInterruption();
    }
}
