using CallCluster.Agent.TurnTaking;
using CallCluster.Grains.Calls;
using CallCluster.Grains.Evidence;
using CallCluster.Grains.Speaking;
using CallCluster.Runtime.Activation;
using CallCluster.Speech.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCluster.Grains;

/// <summary>Registration of call grains on a silo.</summary>
public static class CallGrainServiceCollectionExtensions
{
    /// <summary>
    /// Adds what <see cref="CallGrain"/> needs besides the agent and the speech providers (register a
    /// <see cref="CallAgent"/>, an ISpeechToText and an ITextToSpeech too): options, the evidence store, metrics, the
    /// silo's cache of spoken sentences (with the resume line synthesized at start, ready for the next failover).
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
        services.AddSingleton(sp => new SpokenSentenceCache(sp.GetRequiredService<ITextToSpeech>()));
        services.AddHostedService<ResumeLineWarmUp>();
        return services;
    }

    /// <summary>Registers the call grain class on a silo.</summary>
    public static GrainClassRegistry AddCallGrain(this GrainClassRegistry grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.Add<ICallGrain, CallGrain>();
    }
}
