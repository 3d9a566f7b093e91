namespace CallCluster.Agent.TurnTaking;

/// <summary>Per-call counts the grain stores in the call's evidence.</summary>
/// <param name="BargeIns">Caller interruptions that cut the agent off.</param>
/// <param name="FalseInterruptions">Caller sounds during agent activity that were too short or had no words.</param>
/// <param name="Reprompts">Questions asked again after silence.</param>
/// <param name="Fallbacks">Fallback lines played because a decision or response timed out.</param>
/// <param name="AgentDisappeared">Caller turns completed twice with no agent turn between: must stay 0.</param>
public sealed record TurnTakingCounters(int BargeIns, int FalseInterruptions, int Reprompts, int Fallbacks, int AgentDisappeared)
{
    /// <summary>All zero.</summary>
    public static TurnTakingCounters None { get; } = new(0, 0, 0, 0, 0);
}
