namespace CallCluster.Agent.TurnTaking;

/// <summary>
/// The latency breakdown of one turn, from event timestamps. A stage the turn never reached is null
/// (an interrupted or timed-out turn has no first packet).
/// </summary>
/// <param name="TurnId">The turn.</param>
/// <param name="EndOfUtterance">Caller's speech stop → end of turn decided (the endpointing delay).</param>
/// <param name="SttFinal">Caller's speech stop → final transcript.</param>
/// <param name="Decision">Decision requested → decision completed.</param>
/// <param name="LlmFirstToken">Decision completed → first response token.</param>
/// <param name="TtsFirstByte">Speak issued → first TTS audio.</param>
/// <param name="FirstPacketOut">Speak issued → first packet sent by the edge.</param>
/// <param name="EndToEnd">Caller's speech stop → first packet sent (what the caller feels).</param>
/// <param name="Outcome">How the turn ended.</param>
/// <param name="SpeechStoppedAt">When the caller stopped speaking: where the turn's clock starts; null for a turn the agent began.</param>
public sealed record TurnLatency(
    int TurnId,
    TimeSpan? EndOfUtterance,
    TimeSpan? SttFinal,
    TimeSpan? Decision,
    TimeSpan? LlmFirstToken,
    TimeSpan? TtsFirstByte,
    TimeSpan? FirstPacketOut,
    TimeSpan? EndToEnd,
    TurnOutcome Outcome,
    DateTimeOffset? SpeechStoppedAt = null);

/// <summary>How a caller turn ended.</summary>
public enum TurnOutcome
{
    /// <summary>The response played to the end.</summary>
    Answered,

    /// <summary>The caller barged in during the response.</summary>
    Interrupted,

    /// <summary>The caller kept talking before the response started; the turn merged into the next one.</summary>
    Superseded,

    /// <summary>The decision (tool choice, tool calls) timed out; the fallback line played.</summary>
    DecisionTimedOut,

    /// <summary>The response text timed out after the decision; the fallback line played.</summary>
    ResponseTimedOut,

    /// <summary>The response produced no audio in time (TTS failed); the fallback line played.</summary>
    NoAudio,

    /// <summary>The call ended (hang-up, failover, time limit) before the response finished.</summary>
    Abandoned,
}
