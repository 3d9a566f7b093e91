namespace CallCluster.Runtime.Persistence;

/// <summary>
/// Stores grain state. Writes and clears are conditional on the ETag last read and on the writer's
/// epoch being the grain's current directory epoch; either mismatch throws
/// <see cref="InconsistentStateException"/> and writes nothing.
/// </summary>
public interface IGrainStorage
{
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken);

    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, long epoch, CancellationToken cancellationToken);

    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, long epoch, CancellationToken cancellationToken);
}
