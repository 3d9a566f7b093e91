using CallCluster.Runtime;
using CallCluster.Runtime.Hosting;
using CallCluster.Runtime.Membership;
using CallCluster.Silo.Admin;

namespace CallCluster.Host.Hosting;

/// <summary>An edge's reading of the cluster: its client's membership view; it hosts no silo.</summary>
internal sealed class ClientClusterView(ClusterClient client) : IClusterView
{
    public MembershipView Membership => client.MembershipView;

    public SiloAddress? Self => null;

    public int? Activations => null;
}
