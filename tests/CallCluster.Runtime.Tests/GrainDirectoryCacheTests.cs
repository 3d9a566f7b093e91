using CallCluster.Runtime.Directory;

namespace CallCluster.Runtime.Tests;

/// <summary>The silo-side directory cache: when it answers from memory and when it must read the store again.</summary>
public sealed class GrainDirectoryCacheTests
{
    private static readonly SiloAddress Self = new("127.0.0.1", 1000, 1);
    private static readonly SiloAddress Remote = new("127.0.0.1", 2000, 1);
    private static readonly SiloAddress Other = new("127.0.0.1", 3000, 1);
    private static readonly HashSet<SiloAddress> NoneDead = [];

    [Fact]
    public async Task A_remote_owner_is_read_from_the_store_once_then_served_from_the_cache()
    {
        var store = new CountingDirectory();
        var grain = new GrainId("g", "a");
        await store.RegisterAsync(new GrainAddress(grain, Remote, "x", 0), NoneDead, CancellationToken.None);
        var cache = new GrainDirectoryCache(store, Self, capacity: 10);

        var first = await cache.LookupAsync(grain, CancellationToken.None);
        var second = await cache.LookupAsync(grain, CancellationToken.None);

        Assert.Equal(Remote, first?.Silo);
        Assert.Equal(first, second);
        Assert.Equal(1, store.Lookups);
    }

    [Fact]
    public async Task Own_and_missing_registrations_are_not_cached()
    {
        var store = new CountingDirectory();
        var mine = new GrainId("g", "mine");
        await store.RegisterAsync(new GrainAddress(mine, Self, "x", 0), NoneDead, CancellationToken.None);
        var cache = new GrainDirectoryCache(store, Self, capacity: 10);

        await cache.LookupAsync(mine, CancellationToken.None);
        await cache.LookupAsync(mine, CancellationToken.None);
        Assert.Null(await cache.LookupAsync(new GrainId("g", "nobody"), CancellationToken.None));
        await cache.LookupAsync(new GrainId("g", "nobody"), CancellationToken.None);

        Assert.Equal(4, store.Lookups);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task A_moved_answer_invalidates_only_an_entry_that_still_names_that_silo()
    {
        var store = new CountingDirectory();
        var grain = new GrainId("g", "a");
        var first = await store.RegisterAsync(new GrainAddress(grain, Remote, "x", 0), NoneDead, CancellationToken.None);
        var cache = new GrainDirectoryCache(store, Self, capacity: 10);
        await cache.LookupAsync(grain, CancellationToken.None);

        cache.Invalidate(grain, Other);
        await cache.LookupAsync(grain, CancellationToken.None);
        Assert.Equal(1, store.Lookups);

        // The activation moved to Other: the silo the entry named answered "not served here".
        await store.UnregisterAsync(first, CancellationToken.None);
        await store.RegisterAsync(new GrainAddress(grain, Other, "y", 0), NoneDead, CancellationToken.None);
        cache.Invalidate(grain, Remote);

        Assert.Equal(Other, (await cache.LookupAsync(grain, CancellationToken.None))?.Silo);
        Assert.Equal(2, store.Lookups);
    }

    [Fact]
    public async Task Entries_of_silos_declared_Dead_are_dropped_and_others_kept()
    {
        var store = new CountingDirectory();
        var onRemote = new GrainId("g", "r");
        var onOther = new GrainId("g", "o");
        await store.RegisterAsync(new GrainAddress(onRemote, Remote, "x", 0), NoneDead, CancellationToken.None);
        await store.RegisterAsync(new GrainAddress(onOther, Other, "y", 0), NoneDead, CancellationToken.None);
        var cache = new GrainDirectoryCache(store, Self, capacity: 10);
        await cache.LookupAsync(onRemote, CancellationToken.None);
        await cache.LookupAsync(onOther, CancellationToken.None);

        cache.InvalidateSilos([Remote]);
        await cache.LookupAsync(onRemote, CancellationToken.None);
        await cache.LookupAsync(onOther, CancellationToken.None);

        Assert.Equal(3, store.Lookups);
    }

    [Fact]
    public async Task A_fresh_lookup_always_reads_the_store_and_the_cache_never_exceeds_its_capacity()
    {
        var store = new CountingDirectory();
        var cache = new GrainDirectoryCache(store, Self, capacity: 3);
        for (var i = 0; i < 10; i++)
        {
            var grain = new GrainId("g", $"k{i}");
            await store.RegisterAsync(new GrainAddress(grain, Remote, $"a{i}", 0), NoneDead, CancellationToken.None);
            await cache.LookupFreshAsync(grain, CancellationToken.None);
            await cache.LookupFreshAsync(grain, CancellationToken.None);
            Assert.InRange(cache.Count, 1, 3);
        }

        Assert.Equal(20, store.Lookups);
    }

    /// <summary>The in-memory directory, counting store reads.</summary>
    private sealed class CountingDirectory : IGrainDirectory
    {
        private readonly InMemoryGrainDirectory _inner = new();

        public int Lookups { get; private set; }

        public Task<GrainAddress> RegisterAsync(GrainAddress candidate, IReadOnlySet<SiloAddress> deadSilos, CancellationToken cancellationToken) =>
            _inner.RegisterAsync(candidate, deadSilos, cancellationToken);

        public Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken)
        {
            Lookups++;
            return _inner.LookupAsync(grainId, cancellationToken);
        }

        public Task UnregisterAsync(GrainAddress address, CancellationToken cancellationToken) => _inner.UnregisterAsync(address, cancellationToken);

        public Task UnregisterSilosAsync(IReadOnlyCollection<SiloAddress> silos, CancellationToken cancellationToken) =>
            _inner.UnregisterSilosAsync(silos, cancellationToken);

        public Task RenewLeasesAsync(SiloAddress silo, TimeSpan leaseDuration, CancellationToken cancellationToken) =>
            _inner.RenewLeasesAsync(silo, leaseDuration, cancellationToken);
    }
}
