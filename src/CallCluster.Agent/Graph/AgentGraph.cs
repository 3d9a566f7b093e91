using CallCluster.Agent.Tools;

namespace CallCluster.Agent.Graph;

/// <summary>
/// A loaded, validated agent: the flattened node graph (subgraphs expanded), its slots, tools and global
/// routes. Immutable and shared by every call of this agent version.
/// </summary>
public sealed class AgentGraph
{
    public required string Name { get; init; }

    /// <summary>Hash of the canonical config: two files that differ only in layout or comments share it.</summary>
    public required string Version { get; init; }

    public required string SourceFile { get; init; }

    public required string Start { get; init; }

    public string Description { get; init; } = string.Empty;

    public required IReadOnlyDictionary<string, NodeDefinition> Nodes { get; init; }

    public required IReadOnlyDictionary<string, SlotDefinition> Slots { get; init; }

    public required IReadOnlyDictionary<string, ToolDefinition> Tools { get; init; }

    /// <summary>Routes that may fire from any node that allows globals (human, opt-out, wrong number, emergency).</summary>
    public required IReadOnlyList<RouteDefinition> GlobalRoutes { get; init; }

    public AgentDefaults Defaults { get; init; } = new();

    /// <summary>The sandbox fixtures file (absolute), if the config names one.</summary>
    public string? FixturesFile { get; init; }

    public NodeDefinition Node(string id) =>
        Nodes.TryGetValue(id, out var node) ? node : throw new KeyNotFoundException($"Agent '{Name}' has no node '{id}'.");

    /// <summary>The routes the decision step may choose from at <paramref name="node"/>: its own, then the globals.</summary>
    public IEnumerable<RouteDefinition> CandidateRoutes(NodeDefinition node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Globals ? node.Routes.Concat(GlobalRoutes) : node.Routes;
    }

    public int MaxRetries(NodeDefinition node) => node.MaxRetries ?? Defaults.MaxRetries;

    public string? EscalationTarget(NodeDefinition node) => (node.OnExhausted ?? Defaults.OnExhausted)?.Target;
}
