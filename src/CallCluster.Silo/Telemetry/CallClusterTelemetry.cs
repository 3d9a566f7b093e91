namespace CallCluster.Silo.Telemetry;

/// <summary>The names every layer's ActivitySource and Meter live under, and the hosting layer's own.</summary>
public static class CallClusterTelemetry
{
    /// <summary>Wildcard that subscribes to every layer's source and meter (CallCluster.Grains, CallCluster.Edge …).</summary>
    public const string AllSources = "CallCluster.*";
}
