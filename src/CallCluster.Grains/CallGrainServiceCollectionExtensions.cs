using CallCluster.Agent.TurnTaking;
using CallCluster.Grains.Calls;
using CallCluster.Grains.Evidence;
using CallCluster.Runtime.Activation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCluster.Grains;

/// <summary>Registration of call grains on a silo.</summary>
public static class CallGrainServiceCollectionExtensions
{
    /// <summary>
    /// Adds what <see cref="CallGrain"/> needs besides the agent and the speech providers (register a
    /// <see cref="CallAgent"/>, an ISpeechToText and an ITextToSpeech too): options, the evidence store, metrics.
    /// </summary>
    public static IServiceCollection AddCallGrains(this IServiceCollection services, Action<CallGrainOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<CallGrainOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton(sp => new EvidenceStore(sp.GetRequiredService<IOptions<CallGrainOptions>>().Value.EvidenceDirectory));
        services.AddSingleton(_ => new TurnTakingMetrics());
        return services;
    }

    /// <summary>Registers the call grain class on a silo.</summary>
    public static GrainClassRegistry AddCallGrain(this GrainClassRegistry grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.Add<ICallGrain, CallGrain>();
    }
}
