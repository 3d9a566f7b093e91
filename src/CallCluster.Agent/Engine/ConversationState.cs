using CallCluster.Agent.Tools;

namespace CallCluster.Agent.Engine;

/// <summary>
/// Everything the engine knows about one call, as plain serializable data: the call grain checkpoints it
/// once per turn and a new activation resumes from it. The engine mutates it; nothing else should.
/// </summary>
public sealed class ConversationState
{
    public string CallId { get; set; } = string.Empty;

    /// <summary>Tags every record the call's tools write, so a test or simulator run can be cleaned up.</summary>
    public string RunId { get; set; } = string.Empty;

    public string? CallerNumber { get; set; }

    public string AgentVersion { get; set; } = string.Empty;

    public string Node { get; set; } = string.Empty;

    public Dictionary<string, string> Slots { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The latest result fields of each tool, by tool name, for <c>{tool.field}</c> templates.</summary>
    public Dictionary<string, Dictionary<string, string>> Results { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Facts the server established (e.g. <c>identity_verified</c>) that authorize tools.</summary>
    public List<string> Flags { get; set; } = [];

    /// <summary>No-inputs and no-matches at the current node.</summary>
    public int Retries { get; set; }

    public List<TranscriptEntry> Transcript { get; set; } = [];

    /// <summary>Idempotency key → first result: a repeated request returns it with no second side effect.</summary>
    public Dictionary<string, LedgerEntry> Ledger { get; set; } = new(StringComparer.Ordinal);

    public int TurnCount { get; set; }

    public string? Disposition { get; set; }

    public bool Ended { get; set; }

    /// <summary>Set when the agent hands the call to a human: the queue or number to transfer to.</summary>
    public string? TransferTarget { get; set; }

    public static ConversationState Create(string callId, string? callerNumber = null, string? runId = null) =>
        new() { CallId = callId, CallerNumber = callerNumber, RunId = runId ?? callId };
}
