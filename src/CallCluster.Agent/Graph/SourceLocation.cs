namespace CallCluster.Agent.Graph;

/// <summary>Where a config element was written, so every error points at the source (file:line:column).</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
