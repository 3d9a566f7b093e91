using CallCluster.Runtime.Activation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCluster.Runtime.Hosting;

/// <summary>Generic-host wiring (Orleans' UseOrleans, trimmed): one silo per process.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// Adds a silo that starts and stops with the host. Grain constructors get their other dependencies from
    /// this service provider; <see cref="IGrainFactory"/> and <see cref="Silo"/> are registered for the app's code.
    /// </summary>
    public static IServiceCollection AddCallClusterSilo(
        this IServiceCollection services,
        Func<IServiceProvider, SiloProviders> providers,
        Action<GrainClassRegistry> configureGrains,
        Action<SiloOptions>? configureSilo = null)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(configureGrains);
        services.AddSingleton(sp =>
        {
            var options = new SiloOptions();
            configureSilo?.Invoke(options);
            var grains = new GrainClassRegistry();
            configureGrains(grains);
            return new Silo(options, providers(sp), grains, sp, sp.GetService<ILoggerFactory>());
        });
        services.AddSingleton(sp => sp.GetRequiredService<Silo>().GrainFactory);
        services.AddHostedService(sp => new SiloHostedService(sp.GetRequiredService<Silo>()));
        return services;
    }
}
