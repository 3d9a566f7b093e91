using Microsoft.Extensions.Hosting;

namespace CallCluster.Runtime.Hosting;

/// <summary>Runs a <see cref="Silo"/> in a generic host: started with the host, stopped gracefully with it.</summary>
internal sealed class SiloHostedService(Silo silo) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => silo.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => silo.StopAsync(cancellationToken);
}
