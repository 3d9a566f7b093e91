using CallCluster.Edge.Calls;
using CallCluster.Edge.Playout;
using CallCluster.Edge.Recording;
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
    /// (<see cref="EdgeOptions"/>, <see cref="PlayoutOptions"/>, <see cref="TwilioMediaStreamOptions"/>,
    /// <see cref="CallRecordingOptions"/>: recording is off until a folder is set). The caller registers the
    /// <see cref="ICallMediaHandler"/> that answers calls.
    /// </summary>
    public static IServiceCollection AddCallClusterEdge(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Validated at start-up: a bad value stops the host with the option's name and allowed range, not a call later.
        services.AddOptions<EdgeOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PlayoutOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TwilioMediaStreamOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CallRecordingOptions>();
        services.TryAddSingleton<ICallAudioTapFactory, StereoRecordingTapFactory>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PlayoutScheduler>();
        services.TryAddSingleton<EdgeCallFactory>();
        services.AddHostedService<PlayoutSchedulerService>();
        return services;
    }
}
