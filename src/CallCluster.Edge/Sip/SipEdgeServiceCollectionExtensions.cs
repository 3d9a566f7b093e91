using CallCluster.Edge.Calls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCluster.Edge.Sip;

/// <summary>Registers the SIP front door of an edge.</summary>
public static class SipEdgeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the edge's media plane (<see cref="EdgeServiceCollectionExtensions.AddCallClusterEdge"/>), a <see cref="SipEdge"/>
    /// configured from <see cref="SipEdgeOptions"/>, and a hosted service that starts it with the host and hangs up its
    /// calls on shutdown. The caller registers the <see cref="ICallMediaHandler"/> that answers calls.
    /// </summary>
    public static IServiceCollection AddCallClusterSipEdge(this IServiceCollection services, Action<SipEdgeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddCallClusterEdge();
        var options = services.AddOptions<SipEdgeOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton(sp => new SipEdge(
            sp.GetRequiredService<IOptions<SipEdgeOptions>>().Value,
            sp.GetRequiredService<EdgeCallFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService<SipEdgeService>();
        return services;
    }
}
