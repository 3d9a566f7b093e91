using CallCluster.Runtime.Hosting;
using CallCluster.Runtime.Postgres.Hosting;
using CallCluster.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CallCluster.Host.Hosting;

/// <summary>The store of a one-process cluster: silo and edge share the same <see cref="SiloProviders"/> instance.</summary>
internal static class EmbeddedCluster
{
    /// <summary>In-memory membership, directory and state; or the PostgreSQL store when a connection string is given.</summary>
    public static void AddStore(IServiceCollection services, string? postgres, string clusterId)
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
        services.AddSingleton(SiloNodeServiceCollectionExtensions.PostgresProviders);
    }
}
