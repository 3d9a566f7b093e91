namespace CallCluster.Runtime.Activation;

internal enum ActivationState
{
    /// <summary>Registering in the directory, loading state, running OnActivateAsync; calls queue up.</summary>
    Activating = 0,

    Valid = 1,

    /// <summary>Running OnDeactivateAsync; no new calls are accepted.</summary>
    Deactivating = 2,

    Invalid = 3,
}
