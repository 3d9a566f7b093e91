namespace CallCluster.Load.Calls.Reporting;

/// <summary>One agent turn as the caller heard it.</summary>
/// <param name="Text">The recogniser's transcript; empty when nothing was recognised.</param>
/// <param name="Confidence">The recogniser's confidence where it gives one.</param>
/// <param name="StartedAt">When the agent's speech started, from the start of the call.</param>
/// <param name="Duration">From the start of its speech to the end of its last speech in the turn.</param>
/// <param name="Interrupted">True when the caller barged in before the agent had finished.</param>
public sealed record AgentUtterance(string Text, double? Confidence, TimeSpan StartedAt, TimeSpan Duration, bool Interrupted);
