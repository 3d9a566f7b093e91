namespace CallCluster.Agent.Graph;

/// <summary>
/// A node of the conversation graph. On entry it runs its action (if any) and speaks its response
/// (a template, or an LLM response prompt); then it either ends the call, hands it to a human, moves on
/// to <see cref="Next"/>, or waits for the caller and lets the decision step pick one of its routes.
/// </summary>
public sealed record NodeDefinition
{
    public required string Id { get; init; }

    public required SourceLocation Location { get; init; }

    /// <summary>The deterministic response, used when the facts are known.</summary>
    public Template? Say { get; init; }

    /// <summary>An LLM response prompt, used where the wording should adapt; <see cref="Say"/> is its fallback.</summary>
    public string? Prompt { get; init; }

    /// <summary>Said after a no-input or no-match (defaults to <see cref="Say"/>).</summary>
    public Template? Reprompt { get; init; }

    /// <summary>Said when nothing the caller said matches a route (defaults to the agent's no-match line).</summary>
    public Template? NoMatch { get; init; }

    public IReadOnlyList<RouteDefinition> Routes { get; init; } = [];

    public ActionDefinition? Action { get; init; }

    public NodeReference? Next { get; init; }

    public bool End { get; init; }

    /// <summary>Non-null when this node hands the call to a human; the value names the queue or number.</summary>
    public string? Transfer { get; init; }

    public string? Disposition { get; init; }

    public SourceLocation? DispositionLocation { get; init; }

    /// <summary>How many no-inputs / no-matches are re-prompted before escalating (null: the agent default).</summary>
    public int? MaxRetries { get; init; }

    /// <summary>Where to go when retries are exhausted (null: the agent's default escalation node).</summary>
    public NodeReference? OnExhausted { get; init; }

    /// <summary>The model for this node's LLM decision or response (null: the agent default).</summary>
    public string? Model { get; init; }

    /// <summary>Whether the global tools (human, opt-out, wrong number, emergency) may fire here.</summary>
    public bool Globals { get; init; } = true;

    /// <summary>The subgraph this node instantiates, if any (the node then jumps to the subgraph's start).</summary>
    public string? Use { get; init; }

    public bool IsTerminal => End || Transfer is not null;

    public bool WaitsForInput => !IsTerminal && Action is null && Next is null;
}
