namespace CallCluster.Agent.TurnTaking;

/// <summary>
/// What the call grain persists once per turn so that a new activation can resume the call after a failover.
/// Timers, the recognition in flight and a pending interruption are deliberately absent: they die with the old
/// activation, and <see cref="Resume"/> starts them afresh.
/// </summary>
/// <param name="Version">Format version, for readers of old checkpoints.</param>
/// <param name="State">The state when the snapshot was taken.</param>
/// <param name="NextId">The next turn / recognition id, so ids never repeat within a call.</param>
/// <param name="CallStartedAt">When the call started, for the maximum call length.</param>
/// <param name="NodePrompt">The current node's question, asked again on reprompt and resume.</param>
/// <param name="RepromptCount">Reprompts since the caller last spoke.</param>
/// <param name="Counters">Per-call counts so far.</param>
/// <param name="AgentTurn">The agent turn being played, if any.</param>
/// <param name="DecisionTurnId">The caller turn whose decision or response is in flight, if any.</param>
/// <param name="AwaitingAgentTurn">A caller turn is complete and no agent turn has started since.</param>
/// <param name="EndingDisposition">The disposition of the goodbye being played, in <see cref="TurnState.Ending"/>.</param>
/// <param name="DecisionAnswersSilence">
/// The decision in flight answers the caller's silence (<see cref="TurnTakingOptions.AgentAnswersSilence"/>), so its
/// answer is a reprompt or a goodbye, not a response. Optional, so checkpoints written before it read as false.
/// </param>
public sealed record TurnTakingSnapshot(
    int Version,
    TurnState State,
    int NextId,
    DateTimeOffset CallStartedAt,
    string NodePrompt,
    int RepromptCount,
    TurnTakingCounters Counters,
    AgentTurnSnapshot? AgentTurn,
    int? DecisionTurnId,
    bool AwaitingAgentTurn,
    CallDisposition? EndingDisposition,
    bool DecisionAnswersSilence = false)
{
    /// <summary>The format version this code writes.</summary>
    public const int CurrentVersion = 1;
}

/// <summary>An agent turn in a snapshot.</summary>
public sealed record AgentTurnSnapshot(int TurnId, string Text, SpeechKind Kind, int HeardOffset, AfterSpeaking Then);
