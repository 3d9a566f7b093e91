namespace CallCluster.Agent.TurnTaking;

// The caller's side: VAD edges, recognition, endpointing, DTMF, and the end of the caller's turn.
public sealed partial class TurnTakingMachine
{
    private static bool IsDtmfKey(char digit) => digit is (>= '0' and <= '9') or '*' or '#' or (>= 'A' and <= 'D');

    private void OnSpeechStarted(DateTimeOffset at)
    {
        if (_callerSpeaking)
        {
            return;
        }

        _callerSpeaking = true;
        _speechStartedAt = at;
        switch (_state)
        {
            case TurnState.Listening:
                _timers.Cancel(TurnTimer.NoInput);
                _state = TurnState.CallerSpeaking;
                EnsureRecognition();
                break;
            case TurnState.CallerSpeaking:
                // The caller goes on within the endpointing window (or while the final was awaited): the turn continues.
                _timers.Cancel(TurnTimer.Endpointing);
                _timers.Cancel(TurnTimer.RecognitionFinal);
                _timers.Cancel(TurnTimer.DtmfInterDigit);
                _turnEnding = false;
                _endOfTurnAt = null;
                EnsureRecognition();
                break;
            case TurnState.Greeting or TurnState.AgentSpeaking or TurnState.Thinking:
                BeginInterruption(at);
                break;
        }
    }

    private void OnSpeechStopped(DateTimeOffset at)
    {
        if (!_callerSpeaking)
        {
            return;
        }

        _callerSpeaking = false;
        _speechStoppedAt = at;
        if (_state == TurnState.CallerSpeaking)
        {
            ScheduleEndpoint(at);
        }
        else if (_interruption is { } interruption)
        {
            if (!interruption.LongEnough)
            {
                ResolveFalseInterruption();
            }
            else if (_recognition is { Status: RecognitionStatus.Running } recognition)
            {
                // Long enough but no words yet: the final decides (or the false-interruption timer does).
                recognition.Status = RecognitionStatus.Finalizing;
                Emit(new FinalizeRecognition(recognition.Id));
            }
        }
    }

    private void OnTranscript(DateTimeOffset at, int recognitionId, string text, bool isFinal)
    {
        if (_recognition is not { } recognition || recognition.Id != recognitionId || recognition.Status == RecognitionStatus.Done)
        {
            return;
        }

        if (isFinal)
        {
            recognition.Final(text ?? string.Empty);
        }
        else
        {
            recognition.Partial(text ?? string.Empty);
        }

        if (_state == TurnState.CallerSpeaking)
        {
            if (isFinal)
            {
                _finalAt = at;
            }

            if (_turnEnding)
            {
                if (recognition.Status == RecognitionStatus.Done)
                {
                    CompleteCallerTurn(at);
                }
            }
            else if (!_callerSpeaking && _timers.IsArmed(TurnTimer.Endpointing))
            {
                if (AnswerIsComplete())
                {
                    EndCallerTurn(at);
                }
                else if (_answerUnderway is { } underway && _speechStoppedAt is { } stoppedAt && underway(CallerText))
                {
                    // The words caught up with the audio and show an answer still being given: wait the longer silence.
                    _timers.Arm(TurnTimer.Endpointing, stoppedAt + _options.MaxEndpointingDelay);
                }
            }
        }
        else if (_interruption is { } interruption)
        {
            if (recognition.HasWords)
            {
                if (interruption.LongEnough)
                {
                    ConfirmInterruption(at);
                }
            }
            else if (recognition.Status == RecognitionStatus.Done)
            {
                ResolveFalseInterruption();
            }
        }
    }

    private void OnDtmf(DateTimeOffset at, char digit)
    {
        if (!IsDtmfKey(digit))
        {
            return;
        }

        if (digit == _options.DtmfTerminator && _state != TurnState.CallerSpeaking)
        {
            // A terminator with no entry before it ends nothing. Typically it closes an entry that already ended at
            // its last key because it was complete, and it must not cut the agent's answer to that very entry.
            return;
        }

        switch (_state)
        {
            case TurnState.Greeting or TurnState.AgentSpeaking or TurnState.Thinking:
                // A key press is deliberate: it interrupts at once, with no minimum duration or words needed.
                Interrupt();
                AddDigit(at, digit);
                break;
            case TurnState.Listening:
                _timers.Cancel(TurnTimer.NoInput);
                _state = TurnState.CallerSpeaking;
                AddDigit(at, digit);
                break;
            case TurnState.CallerSpeaking when !_turnEnding:
                AddDigit(at, digit);
                break;
        }
    }

    private void AddDigit(DateTimeOffset at, char digit)
    {
        if (digit != _options.DtmfTerminator)
        {
            _digits += digit;
        }

        if (_callerSpeaking)
        {
            return;
        }

        _timers.Cancel(TurnTimer.Endpointing);
        if (digit == _options.DtmfTerminator || KeyedEntryIsComplete())
        {
            EndCallerTurn(at);
        }
        else
        {
            _timers.Arm(TurnTimer.DtmfInterDigit, at + _options.DtmfInterDigitTimeout);
        }
    }

    /// <summary>Makes sure a recognition is listening; one that was already finalizing is replaced, keeping its words.</summary>
    private void EnsureRecognition()
    {
        if (_recognition is { Status: RecognitionStatus.Running })
        {
            return;
        }

        var carried = string.Empty;
        if (_recognition is { } old)
        {
            if (old.Status == RecognitionStatus.Finalizing)
            {
                Emit(new CancelRecognition(old.Id));
            }

            carried = old.Text;
        }

        _recognition = new Recognition(NewId(), carried);
        Emit(new StartRecognition(_recognition.Id));
    }

    /// <summary>
    /// After the caller's speech stops: end the turn at once when the node's grammar says the answer is complete,
    /// after the maximum silence when it says the answer is on its way but not complete yet, and after the minimum
    /// silence otherwise (no grammar, or an answer the grammar will not take however long the caller pauses).
    /// </summary>
    private void ScheduleEndpoint(DateTimeOffset stoppedAt)
    {
        if (_turnEnding)
        {
            return;
        }

        if (_answerCompletes is null)
        {
            _timers.Arm(TurnTimer.Endpointing, stoppedAt + _options.MinEndpointingDelay);
        }
        else if (AnswerIsComplete())
        {
            EndCallerTurn(stoppedAt);
        }
        else
        {
            var underway = _answerUnderway is not { } isUnderway || isUnderway(CallerText);
            _timers.Arm(TurnTimer.Endpointing, stoppedAt + (underway ? _options.MaxEndpointingDelay : _options.MinEndpointingDelay));
        }
    }

    /// <summary>The keys of this turn (with any carried from a superseded one) already are the node's whole answer.</summary>
    private bool KeyedEntryIsComplete()
    {
        var entry = _carriedDigits + _digits;
        return _digitsComplete is { } complete && entry.Length > 0 && complete(entry);
    }

    private string CallerText => TextJoin.Join(_carriedTranscript, _recognition?.Text ?? string.Empty);

    private bool AnswerIsComplete()
    {
        var text = CallerText;
        return _answerCompletes is { } completes && text.Length > 0 && completes(text);
    }

    /// <summary>The end of the caller's turn is decided; the transcript is complete once the recognizer's final arrives.</summary>
    private void EndCallerTurn(DateTimeOffset at)
    {
        _timers.Cancel(TurnTimer.Endpointing);
        _timers.Cancel(TurnTimer.DtmfInterDigit);
        _endOfTurnAt = at;
        switch (_recognition?.Status)
        {
            case RecognitionStatus.Running:
                _recognition.Status = RecognitionStatus.Finalizing;
                Emit(new FinalizeRecognition(_recognition.Id));
                _turnEnding = true;
                _timers.Arm(TurnTimer.RecognitionFinal, at + _options.RecognitionFinalTimeout);
                break;
            case RecognitionStatus.Finalizing:
                _turnEnding = true;
                _timers.Arm(TurnTimer.RecognitionFinal, at + _options.RecognitionFinalTimeout);
                break;
            default:
                CompleteCallerTurn(at);
                break;
        }
    }

    private void CompleteCallerTurn(DateTimeOffset at)
    {
        var transcript = TextJoin.Join(_carriedTranscript, _recognition?.Text ?? string.Empty);
        var digits = _carriedDigits + _digits;
        var speechStoppedAt = _recognition is null ? null : _speechStoppedAt;
        var endOfTurnAt = _endOfTurnAt;
        var finalAt = _finalAt;
        DropCallerInput();

        if (transcript.Length == 0 && digits.Length == 0)
        {
            // Noise: no words and no keys. Not a turn, and not silence either, so no reprompt is counted.
            EnterListening(at);
            return;
        }

        var turnId = NewId();
        if (_awaitingAgentTurn)
        {
            _agentDisappeared++;
            _metrics.AgentDisappeared();
        }

        _awaitingAgentTurn = true;
        _repromptCount = 0;
        FinishTimeline(TurnOutcome.Abandoned);
        _timeline = new TurnTimeline(turnId)
        {
            SpeechStoppedAt = speechStoppedAt,
            EndOfTurnAt = endOfTurnAt,
            FinalAt = finalAt,
            DecisionRequestedAt = at,
        };
        RequestDecision(turnId, transcript, digits, at);
        if (_callerSpeaking)
        {
            // The caller started again while the final was awaited: that speech may merge into this turn.
            BeginInterruption(_speechStartedAt);
        }
    }

    /// <summary>Asks the agent what to say to the caller's turn (or, with empty input, to its silence).</summary>
    private void RequestDecision(int turnId, string transcript, string digits, DateTimeOffset at)
    {
        _decisionTurnId = turnId;
        _decisionCompleted = false;
        _decisionTranscript = transcript;
        _decisionDigits = digits;
        _state = TurnState.Thinking;
        _timers.Arm(TurnTimer.Decision, at + _options.DecisionTimeout);
        Emit(new RunDecision(turnId, transcript, digits));
        Emit(new Checkpoint(Snapshot()));
    }

    /// <summary>Forgets the caller's turn in progress (recognition, digits, endpointing) without touching the agent's side.</summary>
    private void DropCallerInput()
    {
        if (_recognition is { Status: not RecognitionStatus.Done } recognition)
        {
            Emit(new CancelRecognition(recognition.Id));
        }

        _recognition = null;
        _interruption = null;
        _turnEnding = false;
        _digits = string.Empty;
        _carriedTranscript = string.Empty;
        _carriedDigits = string.Empty;
        _endOfTurnAt = null;
        _finalAt = null;
        _timers.Cancel(TurnTimer.Endpointing);
        _timers.Cancel(TurnTimer.RecognitionFinal);
        _timers.Cancel(TurnTimer.DtmfInterDigit);
        _timers.Cancel(TurnTimer.InterruptionMinDuration);
        _timers.Cancel(TurnTimer.FalseInterruption);
    }

    /// <summary>Nobody speaks: listen, unless the caller already is speaking, in which case that is their turn.</summary>
    private void EnterListening(DateTimeOffset at)
    {
        if (_interruption is not null && _recognition is not null && (_callerSpeaking || _recognition.HasWords || _recognition.Status != RecognitionStatus.Done))
        {
            // The agent finished while the caller was (possibly) interrupting: what they said is simply their turn.
            _interruption = null;
            _timers.Cancel(TurnTimer.InterruptionMinDuration);
            _timers.Cancel(TurnTimer.FalseInterruption);
            _state = TurnState.CallerSpeaking;
            if (!_callerSpeaking)
            {
                if (_recognition.Status == RecognitionStatus.Done)
                {
                    CompleteCallerTurn(at);
                }
                else
                {
                    ScheduleEndpoint(_speechStoppedAt ?? at);
                }
            }

            return;
        }

        if (_callerSpeaking)
        {
            _interruption = null;
            _timers.Cancel(TurnTimer.InterruptionMinDuration);
            _timers.Cancel(TurnTimer.FalseInterruption);
            _state = TurnState.CallerSpeaking;
            EnsureRecognition();
            return;
        }

        DropCallerInput();
        _state = TurnState.Listening;
        _timers.Arm(TurnTimer.NoInput, at + _options.NoInputTimeout);
        Emit(new Checkpoint(Snapshot()));
    }
}
