using System.Collections.Concurrent;

namespace CallCluster.Runtime.Directory;

/// <summary>
/// A silo's cache of where other silos' activations live (Orleans' grain directory cache), so a cross-silo call
/// does not read the directory store every time. An entry is dropped when its silo is declared Dead and when a
/// call sent on it was answered by another silo or not at all (the activation moved or is gone); the silo that
/// receives a forwarded call reads the store itself, so a stale entry costs one extra hop, never a loop.
/// Only remote owners are cached: this silo's own activations are found in its catalog.
/// </summary>
internal sealed class GrainDirectoryCache(IGrainDirectory directory, SiloAddress self, int capacity)
{
    private readonly ConcurrentDictionary<GrainId, GrainAddress> _entries = new();

    public int Count => _entries.Count;

    /// <summary>The cached owner, else the store's answer (remembered if remote).</summary>
    public ValueTask<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken) =>
        _entries.TryGetValue(grainId, out var cached)
            ? ValueTask.FromResult<GrainAddress?>(cached)
            : new ValueTask<GrainAddress?>(LookupFreshAsync(grainId, cancellationToken));

    /// <summary>Reads the store, bypassing the cache, and remembers (or forgets) what it says.</summary>
    public async Task<GrainAddress?> LookupFreshAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        var address = await directory.LookupAsync(grainId, cancellationToken);
        if (address is null || address.Silo == self)
        {
            _entries.TryRemove(grainId, out _);
        }
        else
        {
            Remember(address);
        }

        return address;
    }

    /// <summary>Drops the entry for <paramref name="grainId"/> if it still names <paramref name="silo"/>.</summary>
    public void Invalidate(GrainId grainId, SiloAddress silo)
    {
        if (_entries.TryGetValue(grainId, out var cached) && cached.Silo == silo)
        {
            _entries.TryRemove(new KeyValuePair<GrainId, GrainAddress>(grainId, cached));
        }
    }

    /// <summary>Drops every entry naming one of these silos (they were declared Dead).</summary>
    public void InvalidateSilos(IReadOnlyCollection<SiloAddress> silos)
    {
        if (silos.Count == 0)
        {
            return;
        }

        foreach (var entry in _entries)
        {
            if (silos.Contains(entry.Value.Silo))
            {
                _entries.TryRemove(entry);
            }
        }
    }

    private void Remember(GrainAddress address)
    {
        // Full: make room by dropping any one entry. Recency is not tracked; a dropped entry costs one store read.
        if (_entries.Count >= capacity && !_entries.ContainsKey(address.GrainId))
        {
            foreach (var victim in _entries)
            {
                if (_entries.TryRemove(victim))
                {
                    break;
                }
            }
        }

        _entries[address.GrainId] = address;
    }
}
