using CallCluster.Runtime.Directory;
using CallCluster.Runtime.Hosting;
using CallCluster.Runtime.Membership;
using CallCluster.Runtime.Persistence;
using CallCluster.Runtime.TestingHost;
using CallCluster.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace CallCluster.Runtime.Tests;

public sealed class StorageFaultTests
{
    [Fact]
    public async Task A_failing_store_surfaces_to_the_caller_and_the_activation_writes_again_once_it_recovers()
    {
        var directory = new InMemoryGrainDirectory();
        var faulty = new FaultInjectionGrainStorage(new InMemoryGrainStorage(directory));
        var events = new GrainEvents();
        await using var cluster = new TestCluster(new TestClusterOptions
        {
            InitialSilosCount = 1,
            ConfigureGrains = g => g.Add<ICounterGrain, CounterGrain>(),
            Services = new ServiceCollection().AddSingleton(events).BuildServiceProvider(),
            ProvidersFactory = () => new SiloProviders(
                new InMemoryMembershipTable(),
                directory,
                new Dictionary<string, IGrainStorage>(StringComparer.Ordinal) { [PersistentStateAttribute.DefaultStorage] = faulty }),
        });
        await cluster.DeployAsync();
        var grain = cluster.Client.GetGrain<ICounterGrain>("flaky-store");
        Assert.Equal(1, await grain.Increment());
        var before = await grain.Where();

        faulty.FailNextWrites(1);
        var error = await Assert.ThrowsAsync<GrainCallException>(() => grain.Increment());
        Assert.Equal(typeof(IOException).FullName, error.RemoteExceptionType);

        // An I/O fault is not a fencing verdict: the same activation keeps the grain and writes once the store is back.
        Assert.Equal(3, await grain.Increment());
        Assert.Equal(before.ActivationId, (await grain.Where()).ActivationId);
        Assert.Equal(0, events.Count("deactivate"));

        faulty.FailNextReads(1);
        await cluster.StopSiloAsync(cluster.Silos[0]);
        await cluster.StartAdditionalSiloAsync();
        var client = await cluster.CreateClientAsync();
        var activationFailed = await Assert.ThrowsAsync<GrainCallException>(() => client.GetGrain<ICounterGrain>("flaky-store").Get().AsTask());
        Assert.Contains("Injected storage fault", activationFailed.Message, StringComparison.Ordinal);
        Assert.Equal(3, await client.GetGrain<ICounterGrain>("flaky-store").Get());
    }
}
