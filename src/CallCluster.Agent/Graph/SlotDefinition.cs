namespace CallCluster.Agent.Graph;

/// <summary>A typed value the agent collects from the caller (spoken or typed on the keypad).</summary>
public sealed record SlotDefinition(
    string Name,
    SlotKind Kind,
    SourceLocation Location,
    int? MinLength = null,
    int? MaxLength = null,
    double? Minimum = null,
    double? Maximum = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Values = null);
