namespace CallCluster.Runtime.Membership;

/// <summary>The membership view moved on; <see cref="NewlyDead"/> lists silos that this change declared Dead.</summary>
public sealed class MembershipChangedEventArgs(MembershipView view, IReadOnlyCollection<SiloAddress> newlyDead) : EventArgs
{
    public MembershipView View { get; } = view;

    public IReadOnlyCollection<SiloAddress> NewlyDead { get; } = newlyDead;
}
