using System.Text.RegularExpressions;

namespace CallCluster.Agent.Graph;

/// <summary>
/// One tool of a node's decision step: when it fires (description and examples for a model; keywords,
/// patterns and examples for the rules), which slots it carries, and the node it leads to.
/// Routing is decided only by which of these fires.
/// </summary>
public sealed record RouteDefinition(
    string Name,
    string Description,
    SourceLocation Location,
    NodeReference Next,
    IReadOnlyList<string> Examples,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<Regex> Patterns,
    IReadOnlyList<string> Slots,
    string? Dtmf,
    int Priority);
