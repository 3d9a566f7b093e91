using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CallCluster.Silo.Telemetry;

/// <summary>
/// Exports every <c>CallCluster.*</c> span and metric over OTLP while the host runs. Built with the SDK's own builders
/// (OpenTelemetry.Extensions.Hosting does not restore here): created when the host starts, flushed and disposed when it
/// stops, after the services registered later have stopped and emitted their last spans.
/// </summary>
internal sealed class OtlpExportService(Uri endpoint, string serviceName, ILogger<OtlpExportService> logger) : IHostedService, IDisposable
{
    private TracerProvider? _tracing;
    private MeterProvider? _metrics;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var resource = ResourceBuilder.CreateDefault().AddService(serviceName, serviceInstanceId: Environment.MachineName);
        _tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(CallClusterTelemetry.AllSources)
            .AddOtlpExporter(o => o.Endpoint = endpoint)
            .Build();
        _metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(CallClusterTelemetry.AllSources)
            .AddOtlpExporter(o => o.Endpoint = endpoint)
            .Build();
        logger.LogInformation("Exporting traces and metrics over OTLP to {Endpoint} as {Service}.", endpoint, serviceName);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        // Dispose flushes what is buffered; both are idempotent.
        _tracing?.Dispose();
        _metrics?.Dispose();
        _tracing = null;
        _metrics = null;
    }
}
