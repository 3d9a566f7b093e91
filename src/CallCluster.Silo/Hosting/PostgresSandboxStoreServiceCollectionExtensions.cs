using CallCluster.Agent.Graph;
using CallCluster.Agent.Providers.Sandbox;
using CallCluster.Agent.Sandbox;
using CallCluster.Runtime.Postgres.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace CallCluster.Silo.Hosting;

/// <summary>The agent's sandbox store on the cluster's PostgreSQL, so every silo of a cluster reads and writes the same records.</summary>
public static class PostgresSandboxStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PostgresSandboxStore"/> as the <see cref="ISandboxStore"/> over the cluster store's data source
    /// (call <c>AddPostgresClusterStore</c> first), migrated and seeded with the fixtures of <paramref name="agentFile"/> when
    /// the host starts, before the silo. Without it a silo keeps its records in memory, and a call that fails over to
    /// another silo would find a different store there.
    /// </summary>
    public static IServiceCollection AddPostgresSandboxStore(this IServiceCollection services, string agentFile)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(agentFile);
        var fixtures = AgentConfigLoader.LoadFile(agentFile).FixturesFile is { } file ? SandboxFixtures.LoadFile(file) : new SandboxFixtures();
        services.AddSingleton(sp => new PostgresSandboxStore(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(PostgresClusterStoreServiceCollectionExtensions.DataSourceKey)));
        services.AddSingleton<ISandboxStore>(sp => sp.GetRequiredService<PostgresSandboxStore>());
        services.AddHostedService(sp => new SandboxStoreMigrationService(
            sp.GetRequiredService<PostgresSandboxStore>(),
            sp.GetRequiredKeyedService<NpgsqlDataSource>(PostgresClusterStoreServiceCollectionExtensions.DataSourceKey),
            fixtures));
        return services;
    }
}
