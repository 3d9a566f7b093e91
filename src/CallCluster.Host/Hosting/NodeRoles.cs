namespace CallCluster.Host.Hosting;

/// <summary>What a node process runs: a silo, an edge, or both (<c>callcluster run</c>).</summary>
[Flags]
internal enum NodeRoles
{
    Silo = 1,
    Edge = 2,
}
