namespace CallCluster.Agent.TurnTaking;

/// <summary>
/// The turn-taking state machine of one call: a deterministic reducer from <see cref="TurnEvent"/>s to
/// <see cref="TurnCommand"/>s that the call grain executes in order. It does no I/O and starts no threads; its only
/// clock is the <see cref="TimeProvider"/>, and a timer that falls due is handed to the grain as a
/// <see cref="TimerElapsed"/> to pass back through <see cref="Handle"/> on the grain's own turn. Not thread-safe:
/// the grain's turn-based concurrency serializes calls.
/// </summary>
public sealed partial class TurnTakingMachine : IDisposable
{
    private static readonly IReadOnlyList<TurnCommand> NoCommands = [];

    private readonly TurnTakingOptions _options;
    private readonly TurnTakingMetrics _metrics;
    private readonly TurnTimers _timers;
    // Allocated only when a command is emitted: per-frame VAD events that change nothing allocate nothing here.
    private List<TurnCommand>? _output;

    // Persisted in the snapshot.
    private TurnState _state = TurnState.Idle;
    private int _nextId = 1;
    private DateTimeOffset _callStartedAt;
    private string _nodePrompt = string.Empty;
    private int _repromptCount;
    private int _bargeIns;
    private int _falseInterruptions;
    private int _reprompts;
    private int _fallbacks;
    private int _agentDisappeared;
    private AgentTurn? _agentTurn;
    private int? _decisionTurnId;
    private bool _awaitingAgentTurn;
    private CallDisposition? _endingDisposition;

    // The decision that answers the caller's silence (AgentAnswersSilence), so its answer is spoken as a reprompt or a
    // goodbye; persisted as the snapshot's DecisionAnswersSilence while that decision is in flight.
    private int? _silenceTurnId;

    // Live only in this activation.
    private Predicate<string>? _answerCompletes;
    private Predicate<string>? _answerUnderway;
    private Predicate<string>? _digitsComplete;
    private bool _callerSpeaking;
    private DateTimeOffset _speechStartedAt;
    private DateTimeOffset? _speechStoppedAt;
    private DateTimeOffset? _endOfTurnAt;
    private DateTimeOffset? _finalAt;
    private Recognition? _recognition;
    private Interruption? _interruption;
    private bool _turnEnding;
    private string _carriedTranscript = string.Empty;
    private string _carriedDigits = string.Empty;
    private string _digits = string.Empty;
    private string _decisionTranscript = string.Empty;
    private string _decisionDigits = string.Empty;

    private bool _decisionCompleted;
    private TurnTimeline? _timeline;

    /// <summary>Creates a machine for a new call; nothing happens until <see cref="CallStarted"/>.</summary>
    /// <param name="options">Timings and lines; validated here.</param>
    /// <param name="time">The clock and timer source.</param>
    /// <param name="onTimer">
    /// Receives due timers, possibly on a timer thread; the grain posts them to itself and passes them to <see cref="Handle"/>.
    /// </param>
    /// <param name="metrics">The shared instruments.</param>
    public TurnTakingMachine(TurnTakingOptions options, TimeProvider time, Action<TimerElapsed> onTimer, TurnTakingMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(onTimer);
        ArgumentNullException.ThrowIfNull(metrics);
        options.Validate();
        _options = options;
        _metrics = metrics;
        _timers = new TurnTimers(time, onTimer);
    }

    /// <summary>The current state.</summary>
    public TurnState State => _state;

    /// <summary>The per-call counts so far.</summary>
    public TurnTakingCounters Counters => new(_bargeIns, _falseInterruptions, _reprompts, _fallbacks, _agentDisappeared);

    /// <summary>
    /// Restores a machine from a checkpoint in a new activation. No timer runs and nothing is said until the grain
    /// passes a <see cref="Resume"/> event, which re-arms the call's timers and re-asks the interrupted node.
    /// </summary>
    public static TurnTakingMachine Restore(
        TurnTakingSnapshot snapshot, TurnTakingOptions options, TimeProvider time, Action<TimerElapsed> onTimer, TurnTakingMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Version != TurnTakingSnapshot.CurrentVersion)
        {
            throw new ArgumentException($"Turn-taking snapshot version {snapshot.Version} is not supported (expected {TurnTakingSnapshot.CurrentVersion}).", nameof(snapshot));
        }

        if (!Enum.IsDefined(snapshot.State) || snapshot.NextId < 1 || snapshot.Counters is null || snapshot.NodePrompt is null
            || snapshot.AgentTurn is { Text: null } || (snapshot.AgentTurn is { } agentTurn && !Enum.IsDefined(agentTurn.Kind))
            || (snapshot.DecisionAnswersSilence && snapshot.DecisionTurnId is null))
        {
            throw new ArgumentException("Turn-taking snapshot is malformed: unknown state or speech kind, non-positive next id, missing counters, prompt or agent text, or a silence answer without a decision.", nameof(snapshot));
        }

        var machine = new TurnTakingMachine(options, time, onTimer, metrics)
        {
            _state = snapshot.State,
            _nextId = snapshot.NextId,
            _callStartedAt = snapshot.CallStartedAt,
            _nodePrompt = snapshot.NodePrompt,
            _repromptCount = snapshot.RepromptCount,
            _bargeIns = snapshot.Counters.BargeIns,
            _falseInterruptions = snapshot.Counters.FalseInterruptions,
            _reprompts = snapshot.Counters.Reprompts,
            _fallbacks = snapshot.Counters.Fallbacks,
            _agentDisappeared = snapshot.Counters.AgentDisappeared,
            _agentTurn = snapshot.AgentTurn is { } turn ? AgentTurn.FromSnapshot(turn) : null,
            _decisionTurnId = snapshot.DecisionTurnId,
            _awaitingAgentTurn = snapshot.AwaitingAgentTurn,
            _endingDisposition = snapshot.EndingDisposition,
            _silenceTurnId = snapshot.DecisionAnswersSilence ? snapshot.DecisionTurnId : null,
        };
        return machine;
    }

    /// <summary>What the grain persists once per turn (also emitted as <see cref="Checkpoint"/>).</summary>
    public TurnTakingSnapshot Snapshot() => new(
        TurnTakingSnapshot.CurrentVersion,
        _state,
        _nextId,
        _callStartedAt,
        _nodePrompt,
        _repromptCount,
        Counters,
        _agentTurn?.ToSnapshot(),
        _decisionTurnId,
        _awaitingAgentTurn,
        _endingDisposition,
        _decisionTurnId is { } decision && _silenceTurnId == decision);

    /// <summary>Applies one event and returns the commands to execute, in order. Events that do not apply to the current state are ignored.</summary>
    public IReadOnlyList<TurnCommand> Handle(TurnEvent turnEvent)
    {
        ArgumentNullException.ThrowIfNull(turnEvent);
        if (_state == TurnState.Ended)
        {
            return NoCommands;
        }

        _output = null;
        switch (turnEvent)
        {
            case CallStarted e: OnCallStarted(e); break;
            case SpeechStarted e: OnSpeechStarted(e.At); break;
            case SpeechStopped e: OnSpeechStopped(e.At); break;
            case VadFrame { IsSpeech: true } e: OnSpeechStarted(e.At); break;
            case VadFrame e: OnSpeechStopped(e.At); break;
            case TranscriptPartial e: OnTranscript(e.At, e.RecognitionId, e.Text, isFinal: false); break;
            case TranscriptFinal e: OnTranscript(e.At, e.RecognitionId, e.Text, isFinal: true); break;
            case DtmfDigit e: OnDtmf(e.At, e.Digit); break;
            case DecisionCompleted e: OnDecisionCompleted(e); break;
            case ResponseFirstToken e: OnResponseFirstToken(e); break;
            case ResponseReady e: OnResponseReady(e); break;
            case TtsChunk e: OnTtsChunk(e); break;
            case FirstPacketSent e: OnFirstPacketSent(e); break;
            case PlayoutMark e: OnPlayoutMark(e); break;
            case PlayoutFinished e: OnPlayoutFinished(e); break;
            case BargeIn e: OnBargeIn(e.At); break;
            case CallerHungUp: OnCallerHungUp(); break;
            case TransferCompleted e: OnTransferCompleted(e); break;
            case Resume e: OnResume(e); break;
            case TimerElapsed e: OnTimer(e); break;
            default: throw new ArgumentException($"Unknown turn event {turnEvent.GetType().Name}.", nameof(turnEvent));
        }

        var output = _output;
        _output = null;
        return output ?? NoCommands;
    }

    /// <inheritdoc />
    public void Dispose() => _timers.Dispose();

    private void Emit(TurnCommand command) => (_output ??= []).Add(command);

    private int NewId() => _nextId++;

    private bool AgentActive => _state is TurnState.Greeting or TurnState.AgentSpeaking or TurnState.Thinking;

    private void OnCallStarted(CallStarted e)
    {
        if (_state != TurnState.Idle)
        {
            return;
        }

        _callStartedAt = e.At;
        _timers.Arm(TurnTimer.MaxCallDuration, e.At + _options.MaxCallDuration);
        _nodePrompt = e.Greeting?.Trim() ?? string.Empty;
        _answerCompletes = e.AnswerCompletes;
        _answerUnderway = e.AnswerUnderway;
        _digitsComplete = e.DigitsComplete;
        if (_nodePrompt.Length == 0)
        {
            // An agent that waits for the caller's "hello" has no greeting: listen straight away.
            EnterListening(e.At);
        }
        else
        {
            SpeakTurn(NewId(), _nodePrompt, SpeechKind.Greeting, AfterSpeaking.Listen, e.At);
        }
    }

    private void OnTimer(TimerElapsed e)
    {
        if (!_timers.Accept(e))
        {
            return;
        }

        switch (e.Timer)
        {
            case TurnTimer.Endpointing or TurnTimer.DtmfInterDigit:
                if (_state == TurnState.CallerSpeaking && !_callerSpeaking && !_turnEnding)
                {
                    EndCallerTurn(e.At);
                }

                break;
            case TurnTimer.RecognitionFinal:
                if (_state == TurnState.CallerSpeaking && _turnEnding)
                {
                    if (_recognition is { Status: not RecognitionStatus.Done } stuck)
                    {
                        Emit(new CancelRecognition(stuck.Id));
                    }

                    CompleteCallerTurn(e.At);
                }

                break;
            case TurnTimer.NoInput:
                OnNoInput(e.At);
                break;
            case TurnTimer.MaxCallDuration:
                if (_state is not (TurnState.Ending or TurnState.Idle))
                {
                    Goodbye(_options.MaxDurationGoodbyeLine, CallDisposition.MaxDurationReached, e.At);
                }

                break;
            case TurnTimer.Decision:
                OnThinkingTimeout(e.At, TurnOutcome.DecisionTimedOut);
                break;
            case TurnTimer.Response:
                OnThinkingTimeout(e.At, TurnOutcome.ResponseTimedOut);
                break;
            case TurnTimer.InterruptionMinDuration:
                OnInterruptionLongEnough(e.At);
                break;
            case TurnTimer.FirstAudio:
                OnNoAudio(e.At);
                break;
            case TurnTimer.FalseInterruption:
                if (_interruption is not null)
                {
                    ResolveFalseInterruption();
                }

                break;
        }
    }

    private void OnNoInput(DateTimeOffset at)
    {
        if (_state != TurnState.Listening)
        {
            return;
        }

        if (_options.AgentAnswersSilence)
        {
            var turnId = NewId();
            _silenceTurnId = turnId;
            RequestDecision(turnId, string.Empty, string.Empty, at);
            return;
        }

        if (_repromptCount < _options.MaxReprompts)
        {
            _repromptCount++;
            _reprompts++;
            _metrics.Reprompt();
            SpeakTurn(NewId(), TextJoin.Join(_options.RepromptLine, _nodePrompt), SpeechKind.Reprompt, AfterSpeaking.Listen, at);
        }
        else
        {
            Goodbye(_options.NoInputGoodbyeLine, CallDisposition.NoInput, at);
        }
    }

    private void OnCallerHungUp()
    {
        var disposition = _state == TurnState.Ending ? _endingDisposition ?? CallDisposition.Completed : CallDisposition.CallerHungUp;
        StopActivity(clearPlayout: false, TurnOutcome.Abandoned);
        Finish(disposition);
    }

    private void OnResume(Resume e)
    {
        if (_state == TurnState.Idle)
        {
            return;
        }

        // The recognition, interruption and timers of the old activation died with it; start clean.
        if (_recognition is not null)
        {
            Emit(new CancelRecognition(_recognition.Id));
            _recognition = null;
        }

        _interruption = null;
        _callerSpeaking = false;
        _turnEnding = false;
        _digits = string.Empty;
        _carriedTranscript = string.Empty;
        _carriedDigits = string.Empty;
        _timers.CancelAll();
        _timers.Arm(TurnTimer.MaxCallDuration, _callStartedAt + _options.MaxCallDuration);
        _answerCompletes = e.AnswerCompletes;
        _answerUnderway = e.AnswerUnderway;
        _digitsComplete = e.DigitsComplete;
        if (e.AwaitReplay && _state == TurnState.Listening)
        {
            _timers.Arm(TurnTimer.NoInput, e.At + _options.NoInputTimeout);
            return;
        }

        switch (_state)
        {
            case TurnState.Ending:
                // The goodbye was already decided; saying it again after a gap would only confuse.
                var disposition = _endingDisposition ?? CallDisposition.Completed;
                StopActivity(clearPlayout: true, TurnOutcome.Abandoned);
                Emit(new HangUp(disposition));
                Finish(disposition);
                break;
            case TurnState.Transferring:
                // The transfer-agent grain owns the outbound leg and reports its outcome to this activation.
                break;
            default:
                StopActivity(clearPlayout: true, TurnOutcome.Abandoned);
                SpeakTurn(NewId(), TextJoin.Join(_options.ResumeLine, _nodePrompt), SpeechKind.Resume, AfterSpeaking.Listen, e.At);
                break;
        }
    }

    private void OnTransferCompleted(TransferCompleted e)
    {
        if (_state != TurnState.Transferring)
        {
            return;
        }

        if (e.Outcome == TransferOutcome.Connected)
        {
            Finish(CallDisposition.Transferred);
        }
        else
        {
            SpeakTurn(NewId(), TextJoin.Join(_options.TransferFailedLine, _nodePrompt), SpeechKind.TransferFailed, AfterSpeaking.Listen, e.At);
        }
    }

    private void BeginTransfer()
    {
        DropCallerInput();
        Emit(new StartTransfer());
        _state = TurnState.Transferring;
        Emit(new Checkpoint(Snapshot()));
    }

    private void Goodbye(string line, CallDisposition disposition, DateTimeOffset at)
    {
        StopActivity(clearPlayout: true, TurnOutcome.Abandoned);
        _endingDisposition = disposition;
        SpeakTurn(NewId(), line, SpeechKind.Goodbye, AfterSpeaking.EndCall, at);
    }

    private void Finish(CallDisposition disposition)
    {
        _timers.CancelAll();
        _state = TurnState.Ended;
        Emit(new CallFinished(disposition, Counters));
    }

    /// <summary>Cancels everything in flight: the agent turn, the decision, the recognition, the transfer.</summary>
    private void StopActivity(bool clearPlayout, TurnOutcome outcome)
    {
        if (_agentTurn is { } turn)
        {
            if (clearPlayout)
            {
                Emit(new ClearPlayout(turn.TurnId));
            }

            Emit(new CancelInFlight(turn.TurnId));
            Emit(new CommitAgentTurn(turn.TurnId, turn.HeardText, turn.Kind, Interrupted: true));
            _agentTurn = null;
            _timers.Cancel(TurnTimer.FirstAudio);
        }

        if (_decisionTurnId is { } decision)
        {
            Emit(new CancelInFlight(decision));
            _decisionTurnId = null;
        }

        if (_state == TurnState.Transferring)
        {
            Emit(new CancelTransfer());
        }

        FinishTimeline(outcome);
        DropCallerInput();
        _timers.Cancel(TurnTimer.Decision);
        _timers.Cancel(TurnTimer.Response);
        _timers.Cancel(TurnTimer.NoInput);
    }

    private void FinishTimeline(TurnOutcome outcome)
    {
        if (_timeline is null)
        {
            return;
        }

        var latency = _timeline.ToLatency(outcome);
        _timeline = null;
        _metrics.Record(latency);
        Emit(new RecordTurnLatency(latency));
    }
}
