using CallCluster.Runtime.Hosting;
using CallCluster.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCluster.Host.Hosting;

/// <summary>
/// Connects the edge's <see cref="ClusterClient"/> when the host starts, retrying until a silo is Active (silos and
/// edges start in any order under an orchestrator) or the timeout passes.
/// </summary>
internal sealed class ClusterClientService(ClusterClient client, EdgeNodeOptions options, ILogger<ClusterClientService> logger) : IHostedService
{
    /// <summary>Pause between connection attempts: the membership table is cheap to read, and silos join in seconds.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var logged = false;
        try
        {
            while (true)
            {
                try
                {
                    await client.ConnectAsync(timeout.Token);
                    logger.LogInformation("Connected to the cluster: {Count} Active silo(s).", client.MembershipView.ActiveSilos.Count);
                    return;
                }
                catch (SiloUnavailableException)
                {
                    if (!logged)
                    {
                        logger.LogInformation("Waiting for an Active silo (up to {Timeout}).", options.ConnectTimeout);
                        logged = true;
                    }
                }

                await Task.Delay(RetryDelay, timeout.Token);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SiloUnavailableException($"No silo became Active within {options.ConnectTimeout}.", e);
        }
    }

    // The container disposes the client after every hosted service has stopped, so the silo (in one-process mode)
    // still has its client connection while it drains.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
