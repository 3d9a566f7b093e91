using Microsoft.Extensions.Hosting;

namespace CallCluster.Edge.Sip;

/// <summary>Starts the <see cref="SipEdge"/> with the host and, on shutdown, hangs up its calls before the transports close.</summary>
internal sealed class SipEdgeService(SipEdge edge) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => edge.StartAsync();

    public async Task StopAsync(CancellationToken cancellationToken) => await edge.DisposeAsync();
}
