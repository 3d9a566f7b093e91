using CallCluster.Runtime.Hosting;
using CallCluster.Runtime.Postgres.Hosting;
using CallCluster.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CallCluster.Host.Hosting;

/// <summary>The store of a one-process cluster: silo and edge share the same <see cref="SiloProviders"/> instance.</summary>
internal static class EmbeddedCluster
{
    /// <summary>
    /// In-memory membership, directory, state and sandbox; or all of them on PostgreSQL when a connection string is
    /// given, so records written by the agent's tools survive the process like the calls' state does.
    /// </summary>
    public static void AddStore(IServiceCollection services, string? postgres, string clusterId, string agentFile)
    {
        if (string.IsNullOrWhiteSpace(postgres))
        {
            services.AddSingleton(_ => SiloProviders.InMemory());
            return;
        }

        services.AddPostgresClusterStore(o =>
        {
            o.ConnectionString = postgres;
            o.ClusterId = clusterId;
        });
        services.AddPostgresSandboxStore(agentFile);
        services.AddSingleton(SiloNodeServiceCollectionExtensions.PostgresProviders);
    }
}
