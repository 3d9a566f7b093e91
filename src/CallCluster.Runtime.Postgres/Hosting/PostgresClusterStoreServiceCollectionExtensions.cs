using CallCluster.Runtime.Directory;
using CallCluster.Runtime.Membership;
using CallCluster.Runtime.Persistence;
using CallCluster.Runtime.Postgres.Directory;
using CallCluster.Runtime.Postgres.Membership;
using CallCluster.Runtime.Postgres.Migrations;
using CallCluster.Runtime.Postgres.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallCluster.Runtime.Postgres.Hosting;

public static class PostgresClusterStoreServiceCollectionExtensions
{
    /// <summary>
    /// The key of the store's <see cref="NpgsqlDataSource"/>: keyed, so other components of the host can
    /// register their own data source without replacing this one.
    /// </summary>
    public const string DataSourceKey = "CallCluster.ClusterStore";

    /// <summary>
    /// Registers the PostgreSQL membership table, grain directory and grain storage over one pooled data
    /// source, and migrates the schema when the host starts (before any hosted service starts). These
    /// registrations replace earlier ones of <see cref="IMembershipTable"/>, <see cref="IGrainDirectory"/>
    /// and <see cref="IGrainStorage"/>, e.g. the in-memory defaults.
    /// </summary>
    public static IServiceCollection AddPostgresClusterStore(this IServiceCollection services, Action<PostgresClusterStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<PostgresClusterStoreOptions>()
            .Configure(configure)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PostgresClusterStoreOptions>, PostgresClusterStoreOptionsValidator>();

        services.AddKeyedSingleton(
            DataSourceKey,
            (provider, _) => new NpgsqlDataSourceBuilder(Options(provider).ConnectionString)
                .UseLoggerFactory(provider.GetService<ILoggerFactory>())
                .Build());
        services.AddSingleton(provider => new PostgresMigrator(
            DataSource(provider),
            Options(provider).CommandTimeout,
            provider.GetService<ILogger<PostgresMigrator>>()));
        services.AddHostedService<PostgresMigrationService>();

        services.AddSingleton<IMembershipTable>(provider => new PostgresMembershipTable(DataSource(provider), provider.GetRequiredService<IOptions<PostgresClusterStoreOptions>>()));
        services.AddSingleton<IGrainDirectory>(provider => new PostgresGrainDirectory(DataSource(provider), provider.GetRequiredService<IOptions<PostgresClusterStoreOptions>>()));
        services.AddSingleton<IGrainStorage>(provider => new PostgresGrainStorage(DataSource(provider), provider.GetRequiredService<IOptions<PostgresClusterStoreOptions>>()));
        return services;
    }

    private static PostgresClusterStoreOptions Options(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<PostgresClusterStoreOptions>>().Value;

    private static NpgsqlDataSource DataSource(IServiceProvider provider) =>
        provider.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey);
}
