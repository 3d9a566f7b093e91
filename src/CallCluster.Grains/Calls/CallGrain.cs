using System.Text.Json;
using CallCluster.Agent.Decisions;
using CallCluster.Agent.Engine;
using CallCluster.Agent.Slots;
using CallCluster.Agent.TurnTaking;
using CallCluster.Grains.Evidence;
using CallCluster.Grains.Listening;
using CallCluster.Grains.Speaking;
using CallCluster.Grains.Streaming;
using CallCluster.Runtime;
using CallCluster.Runtime.Persistence;
using CallCluster.Runtime.Streams;
using CallCluster.Speech.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecognitionHints = CallCluster.Speech.Abstractions.RecognitionHints;

namespace CallCluster.Grains.Calls;

/// <summary>
/// The whole call in one grain. Caller frames arrive over the frame stream and run through the VAD (edges go to the
/// turn-taking machine) and the streaming recognizer; the machine's commands are executed here: decisions,
/// synthesis and recognition run off the grain's turn and come back through the <see cref="GrainInbox"/>. One
/// checkpoint per turn; the evidence package when the call ends. A new activation resumes from the checkpoint.
/// </summary>
public sealed partial class CallGrain : Grain, ICallGrain, IFrameStreamGrain
{
    /// <summary>The longest a mark's report is believed to take from the edge to the grain (see <see cref="MarkTime"/>).</summary>
    private static readonly TimeSpan MaxMarkReportDelay = TimeSpan.FromSeconds(5);

    private readonly CallAgent _agent;
    private readonly ISpeechToText _stt;
    private readonly SpokenSentenceCache _sentences;
    private readonly CallGrainOptions _options;
    private readonly EvidenceStore _evidence;
    private readonly TurnTakingMetrics _metrics;
    private readonly ILogger<CallGrain> _logger;
    private readonly IPersistentState<CallState> _state;
    private readonly short[] _samples = new short[CallStreamCodec.FrameSamples];
    private readonly byte[] _received = new byte[CallStreamCodec.MaxFrameBytes];
    private readonly Dictionary<string, RecognitionHints> _hintsByNode = new(StringComparer.Ordinal);
    private readonly PiiRedactor _redactor = new();
    private readonly string _activation = Guid.NewGuid().ToString("N")[..8];
    private readonly EnergyVad _vad;
    private readonly PreRoll _preRoll;
    private StereoRecording? _recording;
    private GrainInbox? _inbox;
    private OutboundAudio? _outbound;
    private TurnTakingMachine? _machine;
    private ConversationState? _conversation;
    private RecognitionWorker? _recognition;
    private SpeechJob? _speech;
    private int _speechTurn;
    private CancellationTokenSource? _decision;
    private Task<DecisionResult?>? _decisionRun;
    private RulesDecider? _rules;
    private int _decisionTurn;
    private bool _checkpointAfterDecision;
    private long _inputs;
    private long _checkpointInputs;
    private long _replayUntil;
    private bool _resumed;
    private int _outboundFailed;

    /// <summary>Created by the runtime; every dependency but the state comes from the silo's services.</summary>
    public CallGrain(
        CallAgent agent,
        ISpeechToText stt,
        SpokenSentenceCache sentences,
        IOptions<CallGrainOptions> options,
        EvidenceStore evidence,
        TurnTakingMetrics metrics,
        ILogger<CallGrain> logger,
        [PersistentState("call")] IPersistentState<CallState> state)
    {
        ArgumentNullException.ThrowIfNull(options);
        _agent = agent;
        _stt = stt;
        _sentences = sentences;
        _options = options.Value;
        _options.Validate();
        _evidence = evidence;
        _metrics = metrics;
        _logger = logger;
        _state = state;
        _vad = new EnergyVad(_options.VadThresholdDbfs, _options.VadStartFrames, _options.VadStopFrames);
        _preRoll = new PreRoll((int)(_options.PreRoll.TotalMilliseconds / 20), CallStreamCodec.FrameSamples);
    }

    private GrainInbox Inbox => _inbox ?? throw new InvalidOperationException("The call grain is not activated.");

    private OutboundAudio Outbound => _outbound ?? throw new InvalidOperationException("The call grain is not activated.");

    private StereoRecording Recording => _recording ?? throw new InvalidOperationException("The call grain is not activated.");

    private DateTimeOffset Now => TimeProvider.GetUtcNow();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _inbox = new GrainInbox(turn => RegisterGrainTimer(turn, TimeSpan.Zero, Timeout.InfiniteTimeSpan), HandleInboxAsync);
        // Each activation its own file: after a failover the dead activation's partial file may still be there.
        _recording = new StereoRecording(_options.MaxRecording, Path.Combine(_evidence.PackagePath(GrainId.Key), $"recording.{_activation}.partial"));
        _outbound = new OutboundAudio(_recording, OnOutboundFailed);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (reason.Code == DeactivationReasonCode.ShuttingDown)
        {
            await HandOverAsync();
        }

        StopWork();
        _outbound?.Complete();
        _machine?.Dispose();
        _recording?.Dispose();
    }

    /// <inheritdoc />
    public Task<CallSnapshot> GetSnapshotAsync() => Task.FromResult(new CallSnapshot(
        GrainId.Key,
        RuntimeIdentity,
        _machine?.State.ToString() ?? (_state.State.Ended ? nameof(TurnState.Ended) : nameof(TurnState.Idle)),
        _conversation?.Node ?? _state.State.Conversation?.Node ?? string.Empty,
        _state.State.Ended,
        _resumed));

    /// <inheritdoc />
    public Task OnFrameStreamOpenedAsync(FrameStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Outbound.Attach(stream);
        Volatile.Write(ref _outboundFailed, 0);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task OnFramesAvailableAsync(FrameStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        while (stream.TryRead(_received, out var length))
        {
            var pending = OnFrame(_received.AsSpan(0, length));
            if (!pending.IsCompletedSuccessfully)
            {
                await pending;
            }
        }
    }

    /// <inheritdoc />
    public async Task OnFrameStreamClosedAsync(FrameStream stream, Exception? error)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await OnFramesAvailableAsync(stream);
        if (error is null && _machine is { State: not TurnState.Ended })
        {
            // A clean close without a hang-up message: the edge is done with the call.
            await HandleAsync(new CallerHungUp(Now));
        }

        // A broken stream: the edge re-opens it (to this activation or, after a failover, to a new one).
    }

    private Task OnFrame(ReadOnlySpan<byte> frame)
    {
        switch (CallStreamCodec.KindOf(frame))
        {
            case CallStreamMessageKind.CallerAudio:
                return OnCallerAudio(frame);
            case CallStreamMessageKind.Hello:
                return OnHelloAsync(CallStreamCodec.ReadHello(frame));
            case CallStreamMessageKind.Dtmf:
                return OnDtmf(frame);
            case CallStreamMessageKind.MarkPlayed:
                return OnMarkPlayed(CallStreamCodec.ReadMark(frame, out var reachedAt), reachedAt);
            case CallStreamMessageKind.MarkCleared:
                return Task.CompletedTask;
            case CallStreamMessageKind.TransferResult:
                return OnTransferResultAsync(CallStreamCodec.ReadText(frame) == nameof(TransferOutcome.Connected));
            case CallStreamMessageKind.CallerHungUp:
                return HandleAsync(new CallerHungUp(Now));
            default:
                throw new InvalidDataException($"The edge sent {CallStreamCodec.KindOf(frame)}, which only a grain sends.");
        }
    }

    private Task OnCallerAudio(ReadOnlySpan<byte> frame)
    {
        var number = CallStreamCodec.ReadCallerAudio(frame, _samples);
        if (_machine is null || _machine.State == TurnState.Ended || !TakeInput(number))
        {
            return Task.CompletedTask;
        }

        Recording.AppendCaller(_samples);
        _preRoll.Add(_samples);
        _recognition?.Push(_samples);
        if (!_vad.Process(_samples))
        {
            return AfterInputAsync(number);
        }

        return HandleThenAsync(_vad.InSpeech ? new SpeechStarted(Now) : new SpeechStopped(Now), number);
    }

    private Task OnDtmf(ReadOnlySpan<byte> frame)
    {
        var digit = CallStreamCodec.ReadDtmf(frame, out var number);
        return _machine is null || !TakeInput(number) ? Task.CompletedTask : HandleThenAsync(new DtmfDigit(Now, digit), number);
    }

    /// <summary>False for an input this activation already has (the edge replays from its last acknowledgement).</summary>
    private bool TakeInput(long number)
    {
        if (number <= _inputs)
        {
            return false;
        }

        _inputs = number;
        return true;
    }

    private async Task HandleThenAsync(TurnEvent turnEvent, long number)
    {
        await HandleAsync(turnEvent);
        await AfterInputAsync(number);
    }

    /// <summary>
    /// The replay after a failover has reached the input that was newest when the edge reconnected. If it made the
    /// caller's turn, the machine is already on it; if it held nothing, the call resumes as without a replay.
    /// </summary>
    private Task AfterInputAsync(long number)
    {
        if (_replayUntil == 0 || number < _replayUntil)
        {
            return Task.CompletedTask;
        }

        _replayUntil = 0;
        _logger.LogInformation("Call {CallId}: replay through; the caller's turn {Outcome}.", GrainId.Key, _machine!.State == TurnState.Listening ? "is empty, resuming" : "goes on");
        if (_machine.State != TurnState.Listening)
        {
            return Task.CompletedTask;
        }

        var (completes, underway, digits) = GrammarOf(_conversation!);
        return HandleAsync(new Resume(Now, completes, underway, DigitsComplete: digits));
    }

    private Task OnMarkPlayed(string name, DateTimeOffset reachedAt)
    {
        if (!MarkName.TryParse(name, out var mark) || mark.Activation != _activation)
        {
            // A mark of an activation that died before the failover: its turn is gone.
            return Task.CompletedTask;
        }

        var at = MarkTime(reachedAt);
        return mark.Position switch
        {
            MarkPosition.Start => HandleAsync(new FirstPacketSent(at, mark.TurnId)),
            MarkPosition.Text => HandleAsync(new PlayoutMark(at, mark.TurnId, mark.TextOffset)),
            _ => HandleAsync(new PlayoutFinished(at, mark.TurnId)),
        };
    }

    /// <summary>
    /// When the audio before a mark went out: the edge's time, so the turn's first-packet latency does not include the
    /// report's way back to the grain; our own clock when the edge's is not believable (ahead of ours, or further behind
    /// than any report takes: a skewed clock on another host, a test's manual clock).
    /// </summary>
    private DateTimeOffset MarkTime(DateTimeOffset reachedAt)
    {
        var now = Now;
        return reachedAt <= now && now - reachedAt <= MaxMarkReportDelay ? reachedAt : now;
    }

    private async Task OnHelloAsync(CallHello hello)
    {
        if (!string.Equals(hello.CallId, GrainId.Key, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"A stream for call '{hello.CallId}' reached the grain of call '{GrainId.Key}'.");
        }

        if (_machine is not null)
        {
            // The edge re-opened the stream to this same activation: the call simply goes on; the edge replays from
            // the last checkpoint and this activation skips what it already has.
            Outbound.AcknowledgeInput(_state.State.CallerInputs);
            return;
        }

        var saved = _state.State;
        if (saved.Ended)
        {
            Outbound.Control(CallStreamMessageKind.HangUp, "ended");
            return;
        }

        if (_state.RecordExists && saved is { TurnTaking: { } snapshot, Conversation: { } conversation })
        {
            _conversation = conversation;
            _machine = TurnTakingMachine.Restore(snapshot, _options.TurnTaking, TimeProvider, Inbox.Post, _metrics);
            _resumed = true;
            saved.Evidence.Resumes++;
            KeepAliveWhileLive();
            // Tells the edge from where to replay: the input after the checkpoint reached only the dead activation.
            _inputs = _checkpointInputs = saved.CallerInputs;
            Outbound.AcknowledgeInput(_inputs);
            var replay = hello.LastInput > _inputs && _machine.State == TurnState.Listening;
            _replayUntil = replay ? hello.LastInput : 0;
            _logger.LogInformation(
                "Call {CallId} resumed from its checkpoint in activation {Activation}; {Backlog} caller inputs to replay.",
                GrainId.Key,
                _activation,
                Math.Max(0, hello.LastInput - _inputs));
            var (completes, underway, digits) = GrammarOf(conversation);
            await HandleAsync(new Resume(Now, completes, underway, replay, digits));
            return;
        }

        // A new call (or one that died before its first checkpoint, which starts over): earlier input is not this call's.
        _inputs = _checkpointInputs = hello.LastInput;
        if (_inputs > 0)
        {
            Outbound.AcknowledgeInput(_inputs);
        }

        saved.Hello = hello;
        saved.StartedAt = Now;
        _conversation = ConversationState.Create(hello.CallId, hello.Caller);
        // The start node only speaks (no tools): running it in-turn costs microseconds and keeps the greeting first.
        var greeting = await _agent.Engine.StartAsync(_conversation);
        RecordTools(greeting);
        _machine = new TurnTakingMachine(_options.TurnTaking, TimeProvider, Inbox.Post, _metrics);
        KeepAliveWhileLive();
        var (answerCompletes, answerUnderway, digitsComplete) = GrammarOf(_conversation);
        await HandleAsync(new CallStarted(Now, greeting.Response, answerCompletes, answerUnderway, digitsComplete));
    }

    private async Task HandleInboxAsync(object item)
    {
        switch (item)
        {
            case TurnEvent turnEvent:
                await HandleAsync(turnEvent);
                break;
            case DecisionResult result:
                await OnDecisionAsync(result);
                break;
            case ErrorRecord error:
                _state.State.Evidence.Errors.Add(error);
                _logger.LogWarning("Call {CallId}: {Stage} failed: {Message}", GrainId.Key, error.Stage, error.Message);
                break;
            default:
                throw new InvalidOperationException($"Unknown inbox item {item.GetType().Name}.");
        }
    }

    private async Task HandleAsync(TurnEvent turnEvent)
    {
        if (_machine is null)
        {
            return;
        }

        var commands = _machine.Handle(turnEvent);
        for (var i = 0; i < commands.Count; i++)
        {
            await ExecuteAsync(commands[i]);
        }
    }

    private void OnOutboundFailed(Exception error)
    {
        if (Interlocked.Exchange(ref _outboundFailed, 1) == 0)
        {
            Inbox.Post(new ErrorRecord(Now, "stream", error.Message));
        }
    }

    private void StopWork()
    {
        _recognition?.Cancel();
        _recognition = null;
        _speech?.Cancel();
        _speech = null;
        _decision?.Cancel();
        _decision = null;
    }

    private RecognitionHints HintsForCurrentNode()
    {
        var conversation = _conversation!;
        if (!_hintsByNode.TryGetValue(conversation.Node, out var hints))
        {
            hints = RecognitionHintsMapper.For(_agent.Engine, conversation);
            _hintsByNode[conversation.Node] = hints;
        }

        return hints;
    }

    /// <summary>The grammar of the node <paramref name="state"/> waits at, for the machine's early end of turn (spoken and keyed).</summary>
    private (Predicate<string>? Completes, Predicate<string>? Underway, Predicate<string>? DigitsComplete) GrammarOf(ConversationState state)
    {
        _rules ??= new RulesDecider(new SlotExtractor(TimeProvider));
        return AnswerGrammar.For(_agent.Engine, state, _rules) is { } grammar
            ? (grammar.Completes, grammar.Underway, grammar.DigitsComplete)
            : (null, null, null);
    }

    private static ConversationState Copy(ConversationState state) =>
        JsonSerializer.Deserialize<ConversationState>(JsonSerializer.SerializeToUtf8Bytes(state))!;
}
