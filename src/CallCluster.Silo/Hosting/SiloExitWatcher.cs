using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RuntimeSilo = CallCluster.Runtime.Hosting.Silo;

namespace CallCluster.Silo.Hosting;

/// <summary>
/// Ends the process with exit code 1 when the silo stops on its own (the cluster declared it Dead, e.g. after a long
/// pause): a silo never rejoins under the same identity, so the process must go and its orchestrator start a fresh one.
/// </summary>
internal sealed class SiloExitWatcher(RuntimeSilo silo, IHostApplicationLifetime lifetime, ILogger<SiloExitWatcher> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = silo.Stopped.ContinueWith(
            _ =>
            {
                if (!lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    logger.LogCritical("Silo {Silo} stopped without being asked to (declared Dead); exiting.", silo.Address);
                    Environment.ExitCode = 1;
                    lifetime.StopApplication();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
