namespace CallCluster.Agent.TurnTaking;

// The inputs of the turn-taking machine. At is when the thing happened (a frame's timestamp for VAD), on the
// same clock as the machine's TimeProvider; latencies are measured between these timestamps.

/// <summary>Something that happened on the call.</summary>
public abstract record TurnEvent(DateTimeOffset At);

/// <summary>
/// The call was answered; the agent greets. <paramref name="AnswerCompletes"/> is the entry node's grammar,
/// <paramref name="AnswerUnderway"/> tells an answer still being given from one that went astray and
/// <paramref name="DigitsComplete"/> is the grammar of its keypad answers (see <see cref="ResponseReady"/>).
/// </summary>
public sealed record CallStarted(
    DateTimeOffset At,
    string Greeting,
    Predicate<string>? AnswerCompletes = null,
    Predicate<string>? AnswerUnderway = null,
    Predicate<string>? DigitsComplete = null) : TurnEvent(At);

/// <summary>The VAD decided the caller started speaking.</summary>
public sealed record SpeechStarted(DateTimeOffset At) : TurnEvent(At);

/// <summary>The VAD decided the caller stopped speaking.</summary>
public sealed record SpeechStopped(DateTimeOffset At) : TurnEvent(At);

/// <summary>One VAD frame; the machine turns a change of <paramref name="IsSpeech"/> into a start or stop.</summary>
public sealed record VadFrame(DateTimeOffset At, bool IsSpeech) : TurnEvent(At);

/// <summary>A streaming STT hypothesis for the recognition started with <see cref="StartRecognition"/>.</summary>
public sealed record TranscriptPartial(DateTimeOffset At, int RecognitionId, string Text) : TurnEvent(At);

/// <summary>A final STT result (a segment, or the answer to <see cref="FinalizeRecognition"/>).</summary>
public sealed record TranscriptFinal(DateTimeOffset At, int RecognitionId, string Text) : TurnEvent(At);

/// <summary>A DTMF key from the caller (RFC 4733 or in-band).</summary>
public sealed record DtmfDigit(DateTimeOffset At, char Digit) : TurnEvent(At);

/// <summary>The decision for <paramref name="TurnId"/> is made (tools chosen and run); the response is next.</summary>
public sealed record DecisionCompleted(DateTimeOffset At, int TurnId) : TurnEvent(At);

/// <summary>The LLM produced its first token of the response for <paramref name="TurnId"/>.</summary>
public sealed record ResponseFirstToken(DateTimeOffset At, int TurnId) : TurnEvent(At);

/// <summary>
/// The response for <paramref name="TurnId"/>: what to say, what to do after it, and the next node's grammar
/// (a predicate that is true when a transcript already is a complete answer, for early end of turn).
/// <paramref name="AnswerUnderway"/>, when given, is true for a transcript that does not complete the grammar yet but
/// is on its way there (half an order number): only such a turn waits <see cref="TurnTakingOptions.MaxEndpointingDelay"/>;
/// any other incomplete one (an answer the grammar will never take) ends after <see cref="TurnTakingOptions.MinEndpointingDelay"/>.
/// Without it, every incomplete transcript waits the maximum. <paramref name="DigitsComplete"/>, when given, is true for a
/// keypad entry (keys so far, without the terminator) that already is the node's whole answer: a menu key no longer key
/// begins with, a digit slot at its maximum length. The turn then ends at that key instead of after
/// <see cref="TurnTakingOptions.DtmfInterDigitTimeout"/>.
/// </summary>
public sealed record ResponseReady(
    DateTimeOffset At,
    int TurnId,
    string Text,
    AfterSpeaking Then = AfterSpeaking.Listen,
    Predicate<string>? AnswerCompletes = null,
    CallDisposition Disposition = CallDisposition.Completed,
    Predicate<string>? AnswerUnderway = null,
    Predicate<string>? DigitsComplete = null) : TurnEvent(At);

/// <summary>TTS produced audio for <paramref name="TurnId"/> (the first one is the TTS first byte).</summary>
public sealed record TtsChunk(DateTimeOffset At, int TurnId) : TurnEvent(At);

/// <summary>The edge sent the first RTP packet of <paramref name="TurnId"/>.</summary>
public sealed record FirstPacketSent(DateTimeOffset At, int TurnId) : TurnEvent(At);

/// <summary>The edge played <paramref name="TurnId"/>'s audio up to <paramref name="TextOffset"/> characters of its text.</summary>
public sealed record PlayoutMark(DateTimeOffset At, int TurnId, int TextOffset) : TurnEvent(At);

/// <summary>The edge played all of <paramref name="TurnId"/>'s audio.</summary>
public sealed record PlayoutFinished(DateTimeOffset At, int TurnId) : TurnEvent(At);

/// <summary>An interruption detected outside the VAD path (e.g. an echo-cancelled detector at the edge): it interrupts at once.</summary>
public sealed record BargeIn(DateTimeOffset At) : TurnEvent(At);

/// <summary>The caller hung up.</summary>
public sealed record CallerHungUp(DateTimeOffset At) : TurnEvent(At);

/// <summary>The transfer-agent grain finished the warm transfer.</summary>
public sealed record TransferCompleted(DateTimeOffset At, TransferOutcome Outcome) : TurnEvent(At);

/// <summary>
/// A new activation restored the machine from a checkpoint after a failover; the agent says the resume line and asks
/// the interrupted node's question again. <paramref name="AnswerCompletes"/>, <paramref name="AnswerUnderway"/> and
/// <paramref name="DigitsComplete"/> re-supply that node's grammar. With <paramref name="AwaitReplay"/> a machine
/// restored while listening re-arms its timers and stays silent, because the edge is replaying caller input the
/// checkpoint did not cover: if that input makes a turn, the agent answers it; if not, the grain passes a plain
/// <see cref="Resume"/> once the replay is through.
/// </summary>
public sealed record Resume(
    DateTimeOffset At,
    Predicate<string>? AnswerCompletes = null,
    Predicate<string>? AnswerUnderway = null,
    bool AwaitReplay = false,
    Predicate<string>? DigitsComplete = null) : TurnEvent(At);

/// <summary>
/// A timer armed by the machine fell due. The machine hands it to the grain, which feeds it back through
/// <see cref="TurnTakingMachine.Handle"/> on its own turn; a stale one (re-armed or cancelled since) is ignored.
/// </summary>
public sealed record TimerElapsed(DateTimeOffset At, TurnTimer Timer, long Generation) : TurnEvent(At);
