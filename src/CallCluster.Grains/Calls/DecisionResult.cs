using CallCluster.Agent.Engine;

namespace CallCluster.Grains.Calls;

/// <summary>
/// A decision made off the grain's turn, posted back: the engine ran on a copy of the conversation, which the grain
/// adopts only if the machine still waits for this turn (a cancelled turn's copy is dropped).
/// </summary>
internal sealed record DecisionResult(DateTimeOffset At, int TurnId, ConversationState State, AgentTurn Turn);
