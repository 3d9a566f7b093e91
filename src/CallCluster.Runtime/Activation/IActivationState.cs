namespace CallCluster.Runtime.Activation;

/// <summary>A component of an activation loaded before OnActivateAsync runs (its persistent states).</summary>
internal interface IActivationState
{
    Task LoadAsync(CancellationToken cancellationToken);
}
