using CallCluster.Runtime;
using CallCluster.Runtime.Membership;
using RuntimeSilo = CallCluster.Runtime.Hosting.Silo;

namespace CallCluster.Silo.Admin;

/// <summary>A silo's own reading of the cluster.</summary>
internal sealed class SiloClusterView(RuntimeSilo silo) : IClusterView
{
    public MembershipView Membership => silo.MembershipView;

    public SiloAddress? Self => silo.Status == SiloStatus.None ? null : silo.Address;

    public int? Activations => silo.ActivationCount;
}
