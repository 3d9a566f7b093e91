namespace CallCluster.Runtime.Directory;

/// <summary>
/// The grain directory for one-process clusters (Orleans' localhost clustering) and tests. Same rules as the
/// PostgreSQL directory: one live registration per grain, leases, epochs that never repeat.
/// </summary>
public sealed class InMemoryGrainDirectory(TimeProvider timeProvider) : IGrainDirectory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<GrainId, Registration> _registrations = [];
    private readonly Dictionary<GrainId, long> _lastEpochs = [];
    private TimeSpan _leaseDuration = TimeSpan.FromSeconds(30);

    public InMemoryGrainDirectory()
        : this(TimeProvider.System)
    {
    }

    /// <summary>The grain's latest epoch, registered or not; 0 if it was never registered.</summary>
    public long CurrentEpoch(GrainId grainId)
    {
        lock (_gate)
        {
            return _lastEpochs.GetValueOrDefault(grainId);
        }
    }

    public Task<GrainAddress> RegisterAsync(GrainAddress candidate, IReadOnlySet<SiloAddress> deadSilos, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(deadSilos);
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_registrations.TryGetValue(candidate.GrainId, out var current)
                && current.LeaseUntil > now
                && !deadSilos.Contains(current.Address.Silo))
            {
                return Task.FromResult(current.Address);
            }

            var epoch = _lastEpochs.GetValueOrDefault(candidate.GrainId) + 1;
            _lastEpochs[candidate.GrainId] = epoch;
            var winner = candidate with { Epoch = epoch };
            _registrations[candidate.GrainId] = new Registration(winner, now + _leaseDuration);
            return Task.FromResult(winner);
        }
    }

    public Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_registrations.TryGetValue(grainId, out var registration) ? registration.Address : null);
        }
    }

    public Task UnregisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_gate)
        {
            if (_registrations.TryGetValue(address.GrainId, out var current) && current.Address == address)
            {
                _registrations.Remove(address.GrainId);
            }
        }

        return Task.CompletedTask;
    }

    public Task UnregisterSilosAsync(IReadOnlyCollection<SiloAddress> silos, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silos);
        lock (_gate)
        {
            foreach (var grain in _registrations.Where(r => silos.Contains(r.Value.Address.Silo)).Select(r => r.Key).ToList())
            {
                _registrations.Remove(grain);
            }
        }

        return Task.CompletedTask;
    }

    public Task RenewLeasesAsync(SiloAddress silo, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        var until = timeProvider.GetUtcNow() + leaseDuration;
        lock (_gate)
        {
            _leaseDuration = leaseDuration;
            foreach (var (grain, registration) in _registrations.Where(r => r.Value.Address.Silo == silo).ToList())
            {
                _registrations[grain] = registration with { LeaseUntil = until };
            }
        }

        return Task.CompletedTask;
    }

    private sealed record Registration(GrainAddress Address, DateTimeOffset LeaseUntil);
}
