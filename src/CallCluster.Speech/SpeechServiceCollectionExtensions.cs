using CallCluster.Speech.Abstractions;
using CallCluster.Speech.ESpeak;
using CallCluster.Speech.OpenAi;
using CallCluster.Speech.PocketSphinx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallCluster.Speech;

/// <summary>Registers a speech-to-text and a text-to-speech provider as <see cref="ISpeechToText"/> and <see cref="ITextToSpeech"/>.</summary>
public static class SpeechServiceCollectionExtensions
{
    private const string HttpClientKey = "CallCluster.Speech.OpenAi";

    /// <summary>
    /// The embedded providers: pocketsphinx (options from <c>{section}:PocketSphinx</c>) and espeak-ng
    /// (<c>{section}:ESpeak</c>). Both are singletons: decoders are pooled and espeak is one per process. In a host they
    /// are loaded while it starts (<see cref="EmbeddedSpeechWarmUp"/>), so no call waits for a model load.
    /// </summary>
    public static IServiceCollection AddEmbeddedSpeech(this IServiceCollection services, IConfiguration configuration, string section = "Speech")
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<PocketSphinxOptions>(configuration.GetSection($"{section}:PocketSphinx"));
        services.Configure<ESpeakOptions>(configuration.GetSection($"{section}:ESpeak"));
        services.TryAddSingleton<PocketSphinxSpeechToText>();
        services.TryAddSingleton<ESpeakTextToSpeech>();
        services.TryAddSingleton<ISpeechToText>(provider => provider.GetRequiredService<PocketSphinxSpeechToText>());
        services.TryAddSingleton<ITextToSpeech>(provider => provider.GetRequiredService<ESpeakTextToSpeech>());
        services.AddHostedService<EmbeddedSpeechWarmUp>();
        return services;
    }

    /// <summary>
    /// The OpenAI-compatible HTTP providers, options from <c>{section}:OpenAi</c> (put the key in a secret store or the
    /// environment, e.g. <c>Speech__OpenAi__ApiKey</c>, never in a checked-in file).
    /// </summary>
    public static IServiceCollection AddOpenAiSpeech(this IServiceCollection services, IConfiguration configuration, string section = "Speech")
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<OpenAiSpeechOptions>(configuration.GetSection($"{section}:OpenAi"));
        // One long-lived client; a bounded connection lifetime picks up DNS changes. Timeouts come from the providers'
        // Polly pipeline, so the client's own is off (it would also cut long streaming responses).
        services.TryAddKeyedSingleton(HttpClientKey, (_, _) => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        });
        services.TryAddSingleton(provider => ActivatorUtilities.CreateInstance<OpenAiSpeechToText>(provider, provider.GetRequiredKeyedService<HttpClient>(HttpClientKey)));
        services.TryAddSingleton(provider => ActivatorUtilities.CreateInstance<OpenAiTextToSpeech>(provider, provider.GetRequiredKeyedService<HttpClient>(HttpClientKey)));
        services.TryAddSingleton<ISpeechToText>(provider => provider.GetRequiredService<OpenAiSpeechToText>());
        services.TryAddSingleton<ITextToSpeech>(provider => provider.GetRequiredService<OpenAiTextToSpeech>());
        return services;
    }
}
