namespace CallCluster.Grains.Evidence;

/// <summary>
/// The evidence package of one call (call.json), PII redacted. The dashboard and `callcluster evidence` read it.
/// </summary>
public sealed record CallEvidence
{
    /// <summary>The call id.</summary>
    public required string CallId { get; init; }

    /// <summary>The agent version: the hash of the graph configuration the call ran.</summary>
    public required string AgentVersion { get; init; }

    /// <summary>How the call ended: the graph's disposition where it reached an end node, else the turn-taking one.</summary>
    public required string Disposition { get; init; }

    /// <summary>The caller, redacted.</summary>
    public required string Caller { get; init; }

    /// <summary>When the call was answered.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the call finished.</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>The transcript as heard.</summary>
    public required IReadOnlyList<TranscriptLine> Transcript { get; init; }

    /// <summary>The per-turn latency breakdown.</summary>
    public required IReadOnlyList<TurnLatencyRecord> Turns { get; init; }

    /// <summary>Tool calls with inputs and outputs.</summary>
    public required IReadOnlyList<ToolCallEvidence> ToolCalls { get; init; }

    /// <summary>The final record state: slots and the last result of each tool.</summary>
    public required IReadOnlyDictionary<string, string> FinalRecords { get; init; }

    /// <summary>Barge-ins, false interruptions, reprompts, fallbacks, agent-disappeared.</summary>
    public required IReadOnlyDictionary<string, int> Counters { get; init; }

    /// <summary>Errors during the call.</summary>
    public required IReadOnlyList<ErrorRecord> Errors { get; init; }

    /// <summary>How often the call resumed after a failover.</summary>
    public int Resumes { get; init; }

    /// <summary>The recording's file name inside the package (stereo: caller left, agent right), or null when none was kept.</summary>
    public string? Recording { get; init; }
}
