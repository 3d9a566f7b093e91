using CallCluster.Agent.Graph;
using CallCluster.Agent.Sandbox;
using CallCluster.Agent.Simulation;
using CallCluster.Grains;
using CallCluster.Grains.Calls;
using CallCluster.Runtime.Directory;
using CallCluster.Runtime.Hosting;
using CallCluster.Runtime.Membership;
using CallCluster.Runtime.Persistence;
using CallCluster.Silo.Admin;
using CallCluster.Silo.Health;
using CallCluster.Speech;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RuntimeSilo = CallCluster.Runtime.Hosting.Silo;

namespace CallCluster.Silo.Hosting;

/// <summary>The composition of a silo process: the runtime silo, call grains with their agent and speech, readiness.</summary>
public static class SiloNodeServiceCollectionExtensions
{
    /// <summary>
    /// Adds a silo hosting call grains on <paramref name="providers"/> (the in-memory store of an embedded cluster, or
    /// <see cref="PostgresProviders"/>), the agent loaded from <see cref="SiloNodeOptions.AgentFile"/> (an invalid graph
    /// throws <see cref="AgentConfigException"/> here, before anything listens), embedded speech and the silo's
    /// readiness check. Register it before the edge so that the silo starts first and stops last.
    /// </summary>
    public static IServiceCollection AddCallClusterSiloNode(
        this IServiceCollection services,
        IConfiguration configuration,
        SiloNodeOptions options,
        Func<IServiceProvider, SiloProviders> providers)
    {
        ArgumentNullException.ThrowIfNull(options);
        var graph = AgentConfigLoader.LoadFile(options.AgentFile);
        services.AddSingleton(sp =>
        {
            // A registered store (PostgreSQL on a cluster) is shared by every silo; otherwise the records live in memory.
            var sandbox = SandboxAgent.Create(graph, sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetService<ISandboxStore>());
            return new CallAgent(sandbox.Engine, sandbox.Store);
        });
        services.AddEmbeddedSpeech(configuration);
        services.AddCallGrains(o => o.EvidenceDirectory = options.EvidenceDirectory);
        services.AddCallClusterSilo(providers, grains => grains.AddCallGrain(), silo =>
        {
            silo.Host = options.Host;
            silo.Port = options.Port;
            silo.ShutdownGrace = options.Grace;
        });
        services.AddHostedService<SiloExitWatcher>();
        services.TryAddSingleton<IClusterView>(sp => new SiloClusterView(sp.GetRequiredService<RuntimeSilo>()));
        services.AddHealthChecks().AddCheck<SiloReadinessCheck>("silo", tags: [HealthTags.Ready]);
        return services;
    }

    /// <summary>The PostgreSQL providers registered by <c>AddPostgresClusterStore</c>, as the silo's store.</summary>
    public static SiloProviders PostgresProviders(IServiceProvider services) => new(
        services.GetRequiredService<IMembershipTable>(),
        services.GetRequiredService<IGrainDirectory>(),
        new Dictionary<string, IGrainStorage>(StringComparer.Ordinal)
        {
            [PersistentStateAttribute.DefaultStorage] = services.GetRequiredService<IGrainStorage>(),
        });
}
