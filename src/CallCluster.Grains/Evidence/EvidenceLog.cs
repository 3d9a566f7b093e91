namespace CallCluster.Grains.Evidence;

/// <summary>The evidence a call gathers as it goes; persisted with each checkpoint so a failover loses none of it.</summary>
public sealed class EvidenceLog
{
    /// <summary>What each side said, in order; the agent's lines as heard (cut at the last mark on barge-in).</summary>
    public List<TranscriptLine> Transcript { get; set; } = [];

    /// <summary>The latency breakdown of each turn, from the turn-taking machine.</summary>
    public List<TurnLatencyRecord> Turns { get; set; } = [];

    /// <summary>Every tool call with its inputs and outputs.</summary>
    public List<ToolCallEvidence> ToolCalls { get; set; } = [];

    /// <summary>Provider failures and other errors the caller may have noticed.</summary>
    public List<ErrorRecord> Errors { get; set; } = [];

    /// <summary>How often the call resumed on a new activation after a failover.</summary>
    public int Resumes { get; set; }
}

/// <summary>One line of the transcript.</summary>
public sealed record TranscriptLine(string Speaker, string Text, DateTimeOffset At, bool Interrupted = false);

/// <summary>
/// One turn's latency breakdown in milliseconds (null where the stage did not happen), when the turn ended, and when the
/// caller stopped speaking, where the breakdown's clock starts (null for a turn the agent began, and in packages written
/// before they were recorded).
/// </summary>
public sealed record TurnLatencyRecord(
    int TurnId,
    string Outcome,
    double? EndOfUtteranceMs,
    double? SttFinalMs,
    double? DecisionMs,
    double? LlmFirstTokenMs,
    double? TtsFirstByteMs,
    double? FirstPacketOutMs,
    double? EndToEndMs,
    DateTimeOffset? EndedAt = null,
    DateTimeOffset? StartedAt = null);

/// <summary>One tool call: inputs, outcome, outputs, whether the ledger replayed it instead of running it.</summary>
public sealed record ToolCallEvidence(
    string Tool,
    IReadOnlyDictionary<string, string> Arguments,
    string Outcome,
    IReadOnlyDictionary<string, string> Result,
    bool Replayed,
    string? Error,
    double LatencyMs);

/// <summary>An error during the call.</summary>
public sealed record ErrorRecord(DateTimeOffset At, string Stage, string Message);
