namespace CallCluster.Silo.Health;

/// <summary>Tags that sort health checks between the Kubernetes probes.</summary>
public static class HealthTags
{
    /// <summary>Checks that decide readiness (/health/ready): may this node take new work. Liveness runs no check:
    /// a process that answers HTTP is alive, and restarting a draining silo would cut its calls.</summary>
    public const string Ready = "ready";
}
