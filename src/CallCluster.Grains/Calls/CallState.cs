using CallCluster.Agent.Engine;
using CallCluster.Agent.TurnTaking;
using CallCluster.Grains.Evidence;

namespace CallCluster.Grains.Calls;

/// <summary>
/// What a call grain persists, once per turn: the conversation (slots, node, tool ledger), the turn-taking snapshot
/// and the evidence gathered so far. A new activation after a failover resumes from exactly this.
/// </summary>
public sealed class CallState
{
    /// <summary>The caller and callee from the edge's hello.</summary>
    public CallHello? Hello { get; set; }

    /// <summary>When the call was answered.</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The conversation, including the tool idempotency ledger, so no side effect happens twice.</summary>
    public ConversationState? Conversation { get; set; }

    /// <summary>The turn-taking machine at its last stable point.</summary>
    public TurnTakingSnapshot? TurnTaking { get; set; }

    /// <summary>
    /// How many caller inputs (audio frames and keys, numbered by the edge) this checkpoint covers. After a failover the
    /// edge replays the inputs after it to the new activation, so a turn the caller was taking is not lost.
    /// </summary>
    public long CallerInputs { get; set; }

    /// <summary>Turns, tool calls and errors so far.</summary>
    public EvidenceLog Evidence { get; set; } = new();

    /// <summary>True once the call finished and its evidence package was written.</summary>
    public bool Ended { get; set; }
}
