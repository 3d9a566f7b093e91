using CallCluster.Runtime.Activation;

namespace CallCluster.Runtime.Persistence;

/// <summary>The runtime's <see cref="IPersistentState{TState}"/>: one per named state per activation.</summary>
internal sealed class PersistentState<TState>(string stateName, IGrainStorage storage, ActivationData activation)
    : IPersistentState<TState>, IGrainState<TState>, IActivationState
    where TState : new()
{
    public TState State { get; set; } = new();

    public string? ETag { get; set; }

    public string? Etag => ETag;

    public bool RecordExists { get; set; }

    public Task ReadStateAsync(CancellationToken cancellationToken = default) =>
        storage.ReadStateAsync(stateName, activation.GrainId, this, cancellationToken);

    public Task WriteStateAsync(CancellationToken cancellationToken = default) =>
        FencedAsync(() => storage.WriteStateAsync(stateName, activation.GrainId, this, activation.Epoch, cancellationToken));

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await FencedAsync(() => storage.ClearStateAsync(stateName, activation.GrainId, this, activation.Epoch, cancellationToken));
        State = new TState();
    }

    Task IActivationState.LoadAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);

    private async Task FencedAsync(Func<Task> write)
    {
        try
        {
            // Invoked inside the try: a provider may throw synchronously.
            await write();
        }
        catch (InconsistentStateException)
        {
            activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.InconsistentState, $"write of state '{stateName}' was fenced"));
            throw;
        }
    }
}
