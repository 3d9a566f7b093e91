using CallCluster.Runtime.Directory;
using CallCluster.Runtime.Postgres.Directory;
using CallCluster.Testing;

namespace CallCluster.Runtime.Tests.Postgres;

[Trait("Category", TestCategories.Postgres)]
public sealed class GrainDirectoryTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncDisposable
{
    private static readonly SiloAddress SiloA = new("10.0.0.1", 11111, 1);
    private static readonly SiloAddress SiloB = new("10.0.0.2", 11111, 2);
    private static readonly SiloAddress SiloC = new("10.0.0.3", 11111, 3);
    private static readonly IReadOnlySet<SiloAddress> NoneDead = new HashSet<SiloAddress>();

    private readonly List<ClusterStore> _stores = [];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Three_silos_racing_for_200_grains_agree_on_one_winner_each()
    {
        var clusterId = "race-" + Guid.NewGuid().ToString("N")[..8];
        var silos = new[] { SiloA, SiloB, SiloC };
        var directories = new List<PostgresGrainDirectory>();
        foreach (var _ in silos)
        {
            directories.Add(await NewDirectoryAsync(clusterId));
        }

        var grains = Enumerable.Range(0, 200).Select(i => new GrainId("call", "race-" + i)).ToArray();
        var outcomes = await RaceAsync(directories, silos, grains, "act", NoneDead, "three silos registering 200 grains");

        for (var g = 0; g < grains.Length; g++)
        {
            var winner = outcomes[0][g];
            Assert.All(outcomes, seen => Assert.Equal(winner, seen[g]));
            Assert.Contains(winner.Silo, silos);
            Assert.Equal($"act-{Array.IndexOf(silos, winner.Silo)}-{g}", winner.ActivationId);
            Assert.Equal(1, winner.Epoch);
            Assert.Equal(winner, await directories[0].LookupAsync(grains[g], Token));
        }
    }

    [Fact]
    public async Task Three_silos_racing_to_take_over_a_dead_silos_grains_agree_on_one_new_owner_each()
    {
        var clusterId = "takeover-" + Guid.NewGuid().ToString("N")[..8];
        var deadSilo = new SiloAddress("10.0.0.9", 11111, 9);
        var dead = new HashSet<SiloAddress> { deadSilo };
        var silos = new[] { SiloA, SiloB, SiloC };
        var directories = new List<PostgresGrainDirectory>();
        foreach (var _ in silos)
        {
            directories.Add(await NewDirectoryAsync(clusterId));
        }

        var grains = Enumerable.Range(0, 100).Select(i => new GrainId("call", "orphan-" + i)).ToArray();
        foreach (var grain in grains)
        {
            await directories[0].RegisterAsync(new GrainAddress(grain, deadSilo, "gone", 0), NoneDead, Token);
        }

        var outcomes = await RaceAsync(directories, silos, grains, "new", dead, "three silos taking over 100 grains");

        for (var g = 0; g < grains.Length; g++)
        {
            var winner = outcomes[0][g];
            Assert.All(outcomes, seen => Assert.Equal(winner, seen[g]));
            Assert.Contains(winner.Silo, silos);
            Assert.Equal(2, winner.Epoch);
        }
    }

    [Fact]
    public async Task A_live_owner_keeps_the_grain_and_re_registering_it_is_idempotent()
    {
        var directory = await NewDirectoryAsync();
        var grain = NewGrain();
        var owner = await directory.RegisterAsync(new GrainAddress(grain, SiloA, "a1", 0), NoneDead, Token);

        var challenger = await directory.RegisterAsync(new GrainAddress(grain, SiloB, "b1", 0), NoneDead, Token);
        var again = await directory.RegisterAsync(new GrainAddress(grain, SiloA, "a1", 0), NoneDead, Token);

        Assert.Equal(new GrainAddress(grain, SiloA, "a1", 1), owner);
        Assert.Equal(owner, challenger);
        Assert.Equal(owner, again);
    }

    [Fact]
    public async Task Taking_over_from_a_dead_silo_moves_the_epoch_on()
    {
        var directory = await NewDirectoryAsync();
        var grain = NewGrain();
        await directory.RegisterAsync(new GrainAddress(grain, SiloA, "a1", 0), NoneDead, Token);

        var taken = await directory.RegisterAsync(new GrainAddress(grain, SiloB, "b1", 0), new HashSet<SiloAddress> { SiloA }, Token);

        Assert.Equal(new GrainAddress(grain, SiloB, "b1", 2), taken);
        Assert.Equal(taken, await directory.LookupAsync(grain, Token));
    }

    [Fact]
    public async Task Taking_over_an_expired_lease_moves_the_epoch_on()
    {
        var directory = await NewDirectoryAsync(leaseDuration: TimeSpan.FromSeconds(1));
        var grain = NewGrain();
        await directory.RegisterAsync(new GrainAddress(grain, SiloA, "a1", 0), NoneDead, Token);

        await Eventually.TrueAsync(async () => await directory.LookupAsync(grain, Token) is null, TimeSpan.FromSeconds(30), "the 1 s lease expires on the database clock");
        var taken = await directory.RegisterAsync(new GrainAddress(grain, SiloB, "b1", 0), NoneDead, Token);

        Assert.Equal(new GrainAddress(grain, SiloB, "b1", 2), taken);
    }

    [Fact]
    public async Task Renewing_keeps_a_silos_grains_past_their_first_lease()
    {
        var directory = await NewDirectoryAsync(leaseDuration: TimeSpan.FromSeconds(1));
        var renewed = NewGrain();
        var unrenewed = NewGrain();
        var owner = await directory.RegisterAsync(new GrainAddress(renewed, SiloA, "a1", 0), NoneDead, Token);
        await directory.RegisterAsync(new GrainAddress(unrenewed, SiloC, "c1", 0), NoneDead, Token);

        await directory.RenewLeasesAsync(SiloA, TimeSpan.FromMinutes(10), Token);
        await Eventually.TrueAsync(async () => await directory.LookupAsync(unrenewed, Token) is null, TimeSpan.FromSeconds(30), "the unrenewed 1 s lease expires");

        Assert.Equal(owner, await directory.RegisterAsync(new GrainAddress(renewed, SiloB, "b1", 0), NoneDead, Token));
    }

    [Fact]
    public async Task Unregister_removes_only_the_exact_address_and_epochs_never_repeat()
    {
        var directory = await NewDirectoryAsync();
        var grain = NewGrain();
        var owner = await directory.RegisterAsync(new GrainAddress(grain, SiloA, "a1", 0), NoneDead, Token);

        await directory.UnregisterAsync(owner with { ActivationId = "someone-else" }, Token);
        await directory.UnregisterAsync(owner with { Epoch = 7 }, Token);
        await directory.UnregisterAsync(owner with { Silo = SiloB }, Token);
        Assert.Equal(owner, await directory.LookupAsync(grain, Token));

        await directory.UnregisterAsync(owner, Token);
        Assert.Null(await directory.LookupAsync(grain, Token));

        var next = await directory.RegisterAsync(new GrainAddress(grain, SiloA, "a2", 0), NoneDead, Token);
        Assert.Equal(2, next.Epoch);
    }

    [Fact]
    public async Task UnregisterSilos_vacates_only_those_silos_grains()
    {
        var directory = await NewDirectoryAsync();
        var a1 = NewGrain();
        var a2 = NewGrain();
        var b1 = NewGrain();
        await directory.RegisterAsync(new GrainAddress(a1, SiloA, "x", 0), NoneDead, Token);
        await directory.RegisterAsync(new GrainAddress(a2, SiloA, "y", 0), NoneDead, Token);
        var kept = await directory.RegisterAsync(new GrainAddress(b1, SiloB, "z", 0), NoneDead, Token);

        await directory.UnregisterSilosAsync([SiloA, SiloC], Token);

        Assert.Null(await directory.LookupAsync(a1, Token));
        Assert.Null(await directory.LookupAsync(a2, Token));
        Assert.Equal(kept, await directory.LookupAsync(b1, Token));
        Assert.Equal(2, (await directory.RegisterAsync(new GrainAddress(a1, SiloB, "w", 0), NoneDead, Token)).Epoch);
    }

    [Fact]
    public async Task Clusters_sharing_a_database_have_separate_directories()
    {
        var one = await NewDirectoryAsync();
        var two = await NewDirectoryAsync();
        var grain = NewGrain();
        await one.RegisterAsync(new GrainAddress(grain, SiloA, "a1", 0), NoneDead, Token);

        Assert.Null(await two.LookupAsync(grain, Token));
        Assert.Equal(SiloB, (await two.RegisterAsync(new GrainAddress(grain, SiloB, "b1", 0), NoneDead, Token)).Silo);
    }

    private static GrainId NewGrain() => new("call", Guid.NewGuid().ToString("N"));

    private async Task<PostgresGrainDirectory> NewDirectoryAsync(string? clusterId = null, TimeSpan? leaseDuration = null)
    {
        var store = await ClusterStore.OpenAsync(database, clusterId, leaseDuration);
        _stores.Add(store);
        return new PostgresGrainDirectory(store.DataSource, store.Wrapped);
    }

    /// <summary>Every silo registers every grain at once (released together); returns what each racer was told.</summary>
    private static async Task<GrainAddress[][]> RaceAsync(
        IReadOnlyList<IGrainDirectory> directories, SiloAddress[] silos, GrainId[] grains, string activationPrefix, IReadOnlySet<SiloAddress> dead, string what)
    {
        using var start = new ManualResetEventSlim();
        var racers = silos
            .Select((silo, i) => Task.Run(async () =>
            {
                start.Wait(Token);
                var results = new GrainAddress[grains.Length];
                for (var g = 0; g < grains.Length; g++)
                {
                    results[g] = await directories[i].RegisterAsync(new GrainAddress(grains[g], silo, $"{activationPrefix}-{i}-{g}", 0), dead, Token);
                }

                return results;
            }))
            .ToArray();
        start.Set();
        return await Eventually.WithinAsync(Task.WhenAll(racers), TimeSpan.FromSeconds(120), what);
    }
}
