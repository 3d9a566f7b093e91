namespace CallCluster.Agent.Graph;

/// <summary>
/// A tool the server executes when the flow enters a node, with arguments rendered from slots and earlier
/// results, then routed by the tool's outcome (<c>ok</c>, <c>not_found</c>, <c>denied</c>, <c>error</c>, …).
/// </summary>
public sealed record ActionDefinition(
    string Tool,
    SourceLocation Location,
    IReadOnlyDictionary<string, Template> Arguments,
    IReadOnlyDictionary<string, NodeReference> Outcomes);
