namespace CallCluster.Runtime.Directory;

/// <summary>
/// Where a grain's single activation lives. <see cref="Epoch"/> is assigned by the directory, grows by
/// one each time ownership of the grain moves to a new activation, and fences state writes: storage
/// accepts a write only from the activation holding the grain's current epoch.
/// </summary>
public sealed record GrainAddress(GrainId GrainId, SiloAddress Silo, string ActivationId, long Epoch);
