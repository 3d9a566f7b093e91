namespace CallCluster.Load.Calls.Reporting;

/// <summary>One caller turn and the agent's answer to it.</summary>
/// <param name="Index">1-based position in the script.</param>
/// <param name="Turn">What the script asked for ("say \"…\"", "dtmf 12#", "silence 3000 ms").</param>
/// <param name="Said">The words spoken or the digits pressed; empty for silence.</param>
/// <param name="StartedAt">When the caller's first audio (or digit) went out, from the start of the call.</param>
/// <param name="EndedAt">When the caller's last audio went out.</param>
/// <param name="OverlappedAgent">True when the agent was still speaking as the caller started (a barge-in that landed).</param>
/// <param name="Response">The agent's answer, or null when it said nothing within the response timeout.</param>
/// <param name="ResponseLatency">
/// End of the caller's speech to the first audio of the agent's answer: the silence the caller sits through.
/// Zero when the agent was already talking as the caller stopped.
/// </param>
public sealed record CallTurnReport(
    int Index,
    string Turn,
    string Said,
    TimeSpan StartedAt,
    TimeSpan EndedAt,
    bool OverlappedAgent,
    AgentUtterance? Response,
    TimeSpan? ResponseLatency);
