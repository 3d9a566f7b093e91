namespace CallCluster.Agent.Graph;

/// <summary>Agent-wide settings a node may override.</summary>
public sealed record AgentDefaults
{
    /// <summary>Re-prompts before escalating; 2 gives the caller three chances in all.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Where a node escalates when it sets no <c>on_exhausted</c> of its own.</summary>
    public NodeReference? OnExhausted { get; init; }

    /// <summary>Said when nothing matched and the node has no <c>no_match</c> line.</summary>
    public string NoMatch { get; init; } = "Sorry, I didn't catch that.";

    /// <summary>Said when a tool fails and its error outcome has no response of its own.</summary>
    public string ToolFallback { get; init; } = "Sorry, I can't reach that system right now.";

    /// <summary>The model for LLM decisions and responses when a node names none (null: rules only).</summary>
    public string? Model { get; init; }
}
