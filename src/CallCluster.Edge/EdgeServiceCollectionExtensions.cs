using CallCluster.Edge.Calls;
using CallCluster.Edge.Playout;
using CallCluster.Edge.Twilio;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CallCluster.Edge;

/// <summary>Registers an edge's media plane.</summary>
public static class EdgeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the shared playout clock (started with the host), the call factory transports use, and the options
    /// (<see cref="EdgeOptions"/>, <see cref="PlayoutOptions"/>, <see cref="TwilioMediaStreamOptions"/>). The caller
    /// registers the <see cref="ICallMediaHandler"/> that answers calls.
    /// </summary>
    public static IServiceCollection AddCallClusterEdge(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<EdgeOptions>();
        services.AddOptions<PlayoutOptions>();
        services.AddOptions<TwilioMediaStreamOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PlayoutScheduler>();
        services.TryAddSingleton<EdgeCallFactory>();
        services.AddHostedService<PlayoutSchedulerService>();
        return services;
    }
}
