using CallCluster.Runtime.Directory;
using Microsoft.Extensions.Logging;

namespace CallCluster.Runtime.Activation;

/// <summary>What an activation needs from the silo that hosts it.</summary>
internal interface IActivationHost
{
    SiloAddress Silo { get; }

    TimeProvider TimeProvider { get; }

    IGrainFactory GrainFactory { get; }

    IGrainDirectory Directory { get; }

    ILogger Logger { get; }

    /// <summary>Silos the membership table says are Dead: their directory registrations can be taken over.</summary>
    IReadOnlySet<SiloAddress> DeadSilos { get; }

    /// <summary>Creates the grain object and its persistent states for an activation.</summary>
    (Grain Grain, IReadOnlyList<IActivationState> States) CreateGrain(ActivationData activation);

    /// <summary>Whether an activation with this id is alive on this silo (to clean up our own stale registrations).</summary>
    bool IsLocalActivation(GrainAddress address);

    /// <summary>Sends a call that its activation could not run back through routing.</summary>
    void Reroute(GrainCall call);

    void OnDeactivated(ActivationData activation);
}
