using CallCluster.Runtime;
using CallCluster.Runtime.Membership;

namespace CallCluster.Silo.Admin;

/// <summary>What a node knows of the cluster, for the admin API: a silo reads its own view, an edge its client's.</summary>
public interface IClusterView
{
    /// <summary>The node's latest reading of the membership table.</summary>
    MembershipView Membership { get; }

    /// <summary>This node's silo, or null on an edge.</summary>
    SiloAddress? Self { get; }

    /// <summary>Activations hosted here, or null on an edge.</summary>
    int? Activations { get; }
}
