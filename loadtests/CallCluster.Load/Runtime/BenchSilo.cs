using CallCluster.Load.Runtime.Grains;
using CallCluster.Runtime.Hosting;
using CallCluster.Runtime.Persistence;
using CallCluster.Runtime.Postgres;
using CallCluster.Runtime.Postgres.Directory;
using CallCluster.Runtime.Postgres.Membership;
using CallCluster.Runtime.Postgres.Persistence;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CallCluster.Load.Runtime;

/// <summary>
/// The inside of a benchmark silo process: a silo with the production defaults on the PostgreSQL cluster
/// store, hosting the benchmark grains. It prints <c>ready &lt;address&gt;</c> once Active and runs until its
/// standard input closes (the driver is gone: stop gracefully) or the silo stops by itself (declared Dead).
/// </summary>
public static class BenchSilo
{
    /// <summary>Exit code of a silo that stopped because the cluster declared it Dead.</summary>
    public const int DeclaredDeadExitCode = 3;

    public static async Task<int> RunAsync(string connectionString, string clusterId, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentNullException.ThrowIfNull(output);
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning));
        await using var dataSource = new NpgsqlDataSourceBuilder(connectionString).UseLoggerFactory(loggerFactory).Build();
        var options = Microsoft.Extensions.Options.Options.Create(new PostgresClusterStoreOptions { ConnectionString = connectionString, ClusterId = clusterId });
        var providers = new SiloProviders(
            new PostgresMembershipTable(dataSource, options),
            new PostgresGrainDirectory(dataSource, options),
            new Dictionary<string, IGrainStorage>(StringComparer.Ordinal) { [PersistentStateAttribute.DefaultStorage] = new PostgresGrainStorage(dataSource, options) });
        await using var silo = new Silo(new SiloOptions(), providers, BenchGrains.Registry(), loggerFactory: loggerFactory);
        await silo.StartAsync(cancellationToken);
        await output.WriteLineAsync($"ready {silo.Address}");
        await output.FlushAsync(cancellationToken);

        var driverGone = WaitForEndOfInputAsync();
        var cancelled = Task.Delay(Timeout.Infinite, cancellationToken);
        var ended = await Task.WhenAny(silo.Stopped, driverGone, cancelled);
        if (ended == silo.Stopped)
        {
            return DeclaredDeadExitCode;
        }

        await silo.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
        return 0;
    }

    private static async Task WaitForEndOfInputAsync()
    {
        await using var input = Console.OpenStandardInput();
        var buffer = new byte[64];
        while (await input.ReadAsync(buffer) > 0)
        {
            // Nothing is ever sent; only the end of input matters.
        }
    }
}
