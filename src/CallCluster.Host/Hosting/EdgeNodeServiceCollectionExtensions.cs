using CallCluster.Edge;
using CallCluster.Edge.Calls;
using CallCluster.Edge.Grains;
using CallCluster.Edge.Playout;
using CallCluster.Edge.Sip;
using CallCluster.Runtime.Directory;
using CallCluster.Runtime;
using CallCluster.Runtime.Hosting;
using CallCluster.Runtime.Membership;
using CallCluster.Silo.Admin;
using CallCluster.Silo.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CallCluster.Host.Hosting;

/// <summary>The composition of an edge: SIP + Twilio lines, the media plane, and a cluster client to the call grains.</summary>
internal static class EdgeNodeServiceCollectionExtensions
{
    /// <summary>
    /// Adds a cluster client over <paramref name="membership"/> and <paramref name="directory"/> (connected when the
    /// host starts), the grain adapter as the edge's call handler (each call → <c>ICallGrain(callId)</c>), the media
    /// plane, and the SIP edge. Register after the silo in one-process mode: hosted services stop in reverse order,
    /// so calls are hung up before the silo leaves. Edge options bind from the "Edge", "GrainCalls", "Playout" and "Sip" (trunks,
    /// codecs, call cap; passwords from the environment, e.g. <c>Sip__Trunks__0__Password</c>) sections.
    /// </summary>
    public static IServiceCollection AddCallClusterEdgeNode(
        this IServiceCollection services,
        IConfiguration configuration,
        EdgeNodeOptions options,
        Func<IServiceProvider, IMembershipTable> membership,
        Func<IServiceProvider, IGrainDirectory> directory)
    {
        services.AddSingleton(options);
        services.AddSingleton(sp => new ClusterClient(new ClientOptions(), membership(sp), directory(sp), sp.GetService<ILoggerFactory>()));
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddHostedService<ClusterClientService>();
        services.Configure<EdgeOptions>(configuration.GetSection("Edge"));
        services.Configure<GrainCallOptions>(configuration.GetSection("GrainCalls"));
        services.Configure<SipEdgeOptions>(configuration.GetSection("Sip"));
        services.Configure<PlayoutOptions>(configuration.GetSection("Playout"));
        if (options.RealtimePriority is { } realtimePriority)
        {
            services.PostConfigure<PlayoutOptions>(o => o.RealtimePriority = realtimePriority);
        }
        services.AddSingleton<ICallMediaHandler, GrainCallMediaHandler>();
        services.AddCallClusterEdge();
        services.AddSingleton<SipEdgeService>();
        services.AddHostedService(sp => sp.GetRequiredService<SipEdgeService>());
        services.AddSingleton<ILiveCallSource>(sp => sp.GetRequiredService<SipEdgeService>());
        services.TryAddSingleton<IClusterView>(sp => new ClientClusterView(sp.GetRequiredService<ClusterClient>()));
        services.AddHealthChecks().AddCheck<EdgeReadinessCheck>("edge", tags: [HealthTags.Ready]);
        return services;
    }
}
