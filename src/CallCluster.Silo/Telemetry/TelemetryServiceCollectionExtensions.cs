using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCluster.Silo.Telemetry;

/// <summary>Registration of OTLP export.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Adds OTLP export of every <c>CallCluster.*</c> source and meter when an endpoint is configured (option or
    /// OTEL_EXPORTER_OTLP_ENDPOINT), and nothing otherwise. Register it first so that it stops last.
    /// </summary>
    public static IServiceCollection AddCallClusterTelemetry(this IServiceCollection services, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ResolveEndpoint() is { } endpoint)
        {
            services.AddHostedService(sp => new OtlpExportService(endpoint, options.ServiceName, sp.GetRequiredService<ILogger<OtlpExportService>>()));
        }

        return services;
    }
}
