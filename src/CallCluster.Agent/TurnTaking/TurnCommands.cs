namespace CallCluster.Agent.TurnTaking;

// The outputs of the turn-taking machine: what the call grain must do, in order.

/// <summary>Something the call grain must do.</summary>
public abstract record TurnCommand;

/// <summary>Open a streaming recognition (with the current node's grammar); tag its results with <paramref name="RecognitionId"/>.</summary>
public sealed record StartRecognition(int RecognitionId) : TurnCommand;

/// <summary>Flush the recognition and deliver one <see cref="TranscriptFinal"/> (possibly empty).</summary>
public sealed record FinalizeRecognition(int RecognitionId) : TurnCommand;

/// <summary>Drop the recognition; its late results will be ignored.</summary>
public sealed record CancelRecognition(int RecognitionId) : TurnCommand;

/// <summary>Decide what the caller's turn means; answer with <see cref="DecisionCompleted"/> and <see cref="ResponseReady"/>.</summary>
public sealed record RunDecision(int TurnId, string Transcript, string Digits) : TurnCommand;

/// <summary>Synthesize and play <paramref name="Text"/> as agent turn <paramref name="TurnId"/>; report marks and the end of playout.</summary>
public sealed record Speak(int TurnId, string Text, SpeechKind Kind) : TurnCommand;

/// <summary>Pause playout of <paramref name="TurnId"/> while a possible interruption is checked.</summary>
public sealed record PausePlayout(int TurnId) : TurnCommand;

/// <summary>Resume playout of <paramref name="TurnId"/>: the interruption was false.</summary>
public sealed record ResumePlayout(int TurnId) : TurnCommand;

/// <summary>Drop every queued frame of <paramref name="TurnId"/> at the edge.</summary>
public sealed record ClearPlayout(int TurnId) : TurnCommand;

/// <summary>Cancel the decision, LLM, tool calls and TTS still running for <paramref name="TurnId"/>; ignore their late results.</summary>
public sealed record CancelInFlight(int TurnId) : TurnCommand;

/// <summary>
/// Record the agent's turn in the conversation history: <paramref name="HeardText"/> is what the caller actually
/// heard (cut at the last playout mark when <paramref name="Interrupted"/>).
/// </summary>
public sealed record CommitAgentTurn(int TurnId, string HeardText, SpeechKind Kind, bool Interrupted) : TurnCommand;

/// <summary>Store the per-turn latency breakdown in the call's evidence.</summary>
public sealed record RecordTurnLatency(TurnLatency Latency) : TurnCommand;

/// <summary>Start the warm transfer; answer with <see cref="TransferCompleted"/>.</summary>
public sealed record StartTransfer : TurnCommand;

/// <summary>Abandon the warm transfer in progress.</summary>
public sealed record CancelTransfer : TurnCommand;

/// <summary>Hang up the call (send BYE).</summary>
public sealed record HangUp(CallDisposition Disposition) : TurnCommand;

/// <summary>The call is over (always the last command): write the evidence package.</summary>
public sealed record CallFinished(CallDisposition Disposition, TurnTakingCounters Counters) : TurnCommand;

/// <summary>Persist this snapshot; emitted once per turn at a stable point.</summary>
public sealed record Checkpoint(TurnTakingSnapshot Snapshot) : TurnCommand;
