namespace CallCluster.Agent.Decisions;

/// <summary>
/// The outcome of a decision step: which route fired (null: none matched), the slots it carried, and how it
/// was decided (<c>rules</c>, <c>llm</c>, <c>llm-text-tool-call</c>, or <c>rules-fallback</c> with the reason).
/// </summary>
public sealed record Decision
{
    public string? Route { get; init; }

    public IReadOnlyDictionary<string, string> Slots { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public required string Source { get; init; }

    /// <summary>The rules' confidence in [0, 1] (1 for keywords, patterns and exact examples); 1 for a model's call.</summary>
    public double Score { get; init; }

    public string Reason { get; init; } = string.Empty;

    /// <summary>Why the configured decider was not used (timeout, error), when the rules stood in for it.</summary>
    public string? FallbackReason { get; init; }

    public static Decision NoMatch(string source, string reason) => new() { Source = source, Reason = reason };
}
