using CallCluster.Runtime.Tests.Grains;
using CallCluster.Testing;

namespace CallCluster.Runtime.Tests.Cluster;

/// <summary>Single activation on the real PostgreSQL directory, with real silos racing over loopback TCP.</summary>
[Trait("Category", TestCategories.Postgres)]
public sealed class SingleActivationTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const int Grains = 200;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Three_silos_racing_first_calls_to_200_grains_make_exactly_one_activation_of_each()
    {
        await using var pg = await PostgresCluster.DeployAsync(database, silos: 3);
        var clients = new List<IClusterClient> { pg.Cluster.Client, await pg.Cluster.CreateClientAsync(), await pg.Cluster.CreateClientAsync() };
        var keys = Enumerable.Range(0, Grains).Select(i => $"race-{i}").ToList();

        // Every client sends its first call to every grain at once. Each client picks a random gateway silo for a grain
        // it has never called, so first calls for one grain reach different silos, which place and register it concurrently.
        var first = await Task.WhenAll(clients.SelectMany(c => keys.Select(async k => (Key: k, Info: await c.GetGrain<ICounterGrain>(k).Where()))))
            .WaitAsync(Patience);

        foreach (var key in keys)
        {
            Assert.Single(first.Where(r => r.Key == key).Select(r => r.Info.ActivationId).Distinct());
            Assert.Equal(1, pg.Events.Count($"activate {key} "));
        }

        Assert.Equal(Grains, pg.Cluster.Silos.Sum(s => s.ActivationCount));
        Assert.True(first.Select(r => r.Info.Silo).Distinct().Count() > 1, "placement spread the grains over more than one silo");

        // Every registration is the first one (epoch 1): no activation ever replaced another.
        Assert.Equal(
            (long)Grains,
            await pg.ScalarAsync<long>("SELECT count(*) FROM grain_directory WHERE cluster_id = @cluster AND grain_id LIKE 'counter/race-%' AND epoch = 1 AND silo IS NOT NULL"));

        // Later calls, from any client, reach the same activations.
        var again = await Task.WhenAll(clients.SelectMany(c => keys.Select(async k => (Key: k, Info: await c.GetGrain<ICounterGrain>(k).Where()))))
            .WaitAsync(Patience);
        Assert.All(again, r => Assert.Equal(first.First(f => f.Key == r.Key).Info.ActivationId, r.Info.ActivationId));
        Assert.Equal(Grains, pg.Events.Count("activate race-"));
    }
}
