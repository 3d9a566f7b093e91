using CallCluster.Runtime.Postgres.Migrations;
using Microsoft.Extensions.Hosting;

namespace CallCluster.Runtime.Postgres.Hosting;

/// <summary>
/// Migrates the schema in <see cref="IHostedLifecycleService.StartingAsync"/>, which the host runs before
/// any hosted service's StartAsync: the silo's membership and directory never see an old schema,
/// whatever order the services were registered in. A failure stops the host from starting.
/// </summary>
internal sealed class PostgresMigrationService(PostgresMigrator migrator) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
