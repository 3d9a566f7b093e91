namespace CallCluster.Agent.Graph;

/// <summary>A reference to a node by id, remembering where it was written so a dangling one can be reported.</summary>
public sealed record NodeReference(string Target, SourceLocation Location);
