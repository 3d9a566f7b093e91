namespace CallCluster.Silo.Telemetry;

/// <summary>OpenTelemetry export of a node. Every default is stated here, once.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The environment variable the OpenTelemetry specification defines for the OTLP endpoint.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The OTLP endpoint (gRPC, e.g. http://otel-collector:4317). Default null: no export, so a laptop run
    /// needs no collector; falls back to <see cref="EndpointVariable"/> when that is set.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>service.name of the exported resource. Default "callcluster"; hosts set "callcluster-silo" etc.</summary>
    public string ServiceName { get; set; } = "callcluster";

    /// <summary>The endpoint to export to: the option, else the environment variable, else none.</summary>
    public Uri? ResolveEndpoint()
    {
        if (Endpoint is not null)
        {
            return Endpoint;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EndpointVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? null : new Uri(fromEnvironment, UriKind.Absolute);
    }
}
