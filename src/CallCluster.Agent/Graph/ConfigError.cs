namespace CallCluster.Agent.Graph;

/// <summary>One problem in an agent config, at the place it was written.</summary>
public sealed record ConfigError(SourceLocation Location, string Reason)
{
    public override string ToString() => $"{Location}: {Reason}";
}
