using CallCluster.Runtime.Persistence;

namespace CallCluster.Runtime.TestingHost;

/// <summary>
/// Wraps a grain storage and fails the operations a test asks it to (Orleans' FaultInjectionGrainStorage):
/// the next N reads or writes throw the given exception instead of reaching the store.
/// </summary>
public sealed class FaultInjectionGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private readonly Lock _gate = new();
    private int _failReads;
    private int _failWrites;
    private Func<Exception> _error = () => new IOException("Injected storage fault.");

    /// <summary>Makes the next <paramref name="count"/> writes (and clears) throw; by default an <see cref="IOException"/>.</summary>
    public void FailNextWrites(int count, Func<Exception>? error = null)
    {
        lock (_gate)
        {
            _failWrites = count;
            _error = error ?? _error;
        }
    }

    /// <summary>Makes the next <paramref name="count"/> reads throw; by default an <see cref="IOException"/>.</summary>
    public void FailNextReads(int count, Func<Exception>? error = null)
    {
        lock (_gate)
        {
            _failReads = count;
            _error = error ?? _error;
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ThrowIfFaulted(ref _failReads);
        return inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, long epoch, CancellationToken cancellationToken)
    {
        ThrowIfFaulted(ref _failWrites);
        return inner.WriteStateAsync(stateName, grainId, grainState, epoch, cancellationToken);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, long epoch, CancellationToken cancellationToken)
    {
        ThrowIfFaulted(ref _failWrites);
        return inner.ClearStateAsync(stateName, grainId, grainState, epoch, cancellationToken);
    }

    private void ThrowIfFaulted(ref int remaining)
    {
        lock (_gate)
        {
            if (remaining <= 0)
            {
                return;
            }

            remaining--;
            throw _error();
        }
    }
}
