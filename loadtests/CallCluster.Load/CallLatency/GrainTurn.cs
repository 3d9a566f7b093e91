namespace CallCluster.Load.CallLatency;

/// <summary>
/// The agent's own timing of one turn, from its evidence package (the turn-taking machine's breakdown; ms, null where a
/// stage was not reached).
/// </summary>
/// <param name="Outcome">How the turn ended (Answered, Interrupted, …).</param>
/// <param name="Endpointing">Caller's speech stop (VAD) → end of turn decided.</param>
/// <param name="SttFinal">Caller's speech stop → final transcript.</param>
/// <param name="Decision">Decision requested → completed (the rules engine and tool calls).</param>
/// <param name="TtsFirstByte">Speak → first synthesised audio.</param>
/// <param name="FirstPacketOut">Speak → the edge sent the first packet.</param>
/// <param name="EndToEnd">Caller's speech stop → the edge sent the first packet.</param>
/// <param name="EndedAt">When the turn ended, by the agent's clock; null when the package does not say.</param>
/// <param name="StartedAt">When the caller stopped speaking, by the agent's clock: where <paramref name="EndToEnd"/> starts.</param>
public sealed record GrainTurn(
    string Outcome,
    double? Endpointing,
    double? SttFinal,
    double? Decision,
    double? TtsFirstByte,
    double? FirstPacketOut,
    double? EndToEnd,
    DateTimeOffset? EndedAt = null,
    DateTimeOffset? StartedAt = null)
{
    /// <summary>
    /// What the platform itself added to the turn: end to end minus the endpointing wait, the recogniser's time after the
    /// end of turn, the decision and the synthesiser's time to first audio. Null for a turn that never reached a packet.
    /// </summary>
    public double? PlatformOverhead => EndToEnd is { } e2e && Endpointing is { } wait && TtsFirstByte is { } tts
        ? e2e - wait - Math.Max(0, (SttFinal ?? wait) - wait) - (Decision ?? 0) - tts
        : null;

    /// <summary>
    /// The overhead's share from the first synthesised audio to the edge's report of the first packet: the outbound
    /// stream to the edge, its playout and the mark's way back to the grain.
    /// </summary>
    public double? EdgeOverhead => FirstPacketOut is { } firstPacket && TtsFirstByte is { } tts ? firstPacket - tts : null;

    /// <summary>The rest of the overhead: the grain's own hops (its inbox, the decision task, handing the answer to speech).</summary>
    public double? GrainOverhead => PlatformOverhead is { } overhead && EdgeOverhead is { } edge ? overhead - edge : null;
}
