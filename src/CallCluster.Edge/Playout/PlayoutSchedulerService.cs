using Microsoft.Extensions.Hosting;

namespace CallCluster.Edge.Playout;

/// <summary>Runs the <see cref="PlayoutScheduler"/> for the host's lifetime.</summary>
internal sealed class PlayoutSchedulerService(PlayoutScheduler scheduler) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        scheduler.Start();
        return Task.CompletedTask;
    }

    // The container disposes the scheduler (stopping its thread) after the transports have drained their calls.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
