using CallCluster.Agent.Providers.Sandbox;
using CallCluster.Agent.Sandbox;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace CallCluster.Silo.Hosting;

/// <summary>
/// Creates the sandbox tables and upserts the agent's fixtures as the host starts (in StartingAsync, before the silo
/// takes calls). Silos of one cluster start together, so the work runs under a session advisory lock: concurrent
/// <c>CREATE TABLE IF NOT EXISTS</c> on one database can still collide in PostgreSQL's catalog.
/// </summary>
internal sealed class SandboxStoreMigrationService(PostgresSandboxStore store, NpgsqlDataSource dataSource, SandboxFixtures fixtures) : IHostedLifecycleService
{
    // Any constant distinct from the cluster store's migration lock; "sandbox" in ASCII.
    private const long LockKey = 0x73616e64626f78;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection) { Parameters = { new() { Value = LockKey } } })
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await store.MigrateAsync(cancellationToken);
            await store.SeedAsync(fixtures, cancellationToken);
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection) { Parameters = { new() { Value = LockKey } } };
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
