using CallCluster.Runtime.Hosting;
using CallCluster.Runtime.Tests.Grains;
using CallCluster.Runtime.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCluster.Runtime.Tests;

/// <summary>Builds test clusters hosting the test grains, with their own event log.</summary>
internal static class ClusterFactory
{
    public static async Task<(TestCluster Cluster, GrainEvents Events)> DeployAsync(int silos, Action<SiloOptions>? configure = null, ILoggerFactory? loggerFactory = null)
    {
        var events = new GrainEvents();
        var services = new ServiceCollection().AddSingleton(events).AddSingleton(new TickGate()).BuildServiceProvider();
        var cluster = new TestCluster(new TestClusterOptions
        {
            InitialSilosCount = silos,
            ConfigureGrains = grains => grains.Add<ICounterGrain, CounterGrain>().Add<ITickerGrain, TickerGrain>().Add<IAudioGrain, AudioGrain>().Add<IFrameCounterGrain, FrameCounterGrain>(),
            ConfigureSilo = configure ?? (_ => { }),
            Services = services,
            LoggerFactory = loggerFactory,
        });
        await cluster.DeployAsync();
        return (cluster, events);
    }
}
