using CallCluster.Agent.Decisions;
using CallCluster.Agent.Tools;

namespace CallCluster.Agent.Engine;

/// <summary>What one turn produced: what to say, where the conversation went and why, and what it did.</summary>
public sealed record AgentTurn
{
    public required string Response { get; init; }

    /// <summary>The node the conversation rests at after this turn.</summary>
    public required string Node { get; init; }

    /// <summary>Every node entered this turn, in order.</summary>
    public IReadOnlyList<string> Path { get; init; } = [];

    /// <summary>The decision step's outcome (null for the greeting and no-input turns).</summary>
    public Decision? Decision { get; init; }

    public IReadOnlyList<ToolCallRecord> ToolCalls { get; init; } = [];

    public IReadOnlyDictionary<string, string> Slots { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public bool Ended { get; init; }

    public string? Disposition { get; init; }

    public string? TransferTarget { get; init; }

    public bool TransferRequested => TransferTarget is not null;
}
