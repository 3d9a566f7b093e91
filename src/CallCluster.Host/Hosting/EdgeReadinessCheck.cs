using CallCluster.Runtime.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallCluster.Host.Hosting;

/// <summary>An edge is ready while its cluster client sees an Active silo to send calls to.</summary>
internal sealed class EdgeReadinessCheck(ClusterClient client) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(client.IsConnected
            ? HealthCheckResult.Healthy($"{client.MembershipView.ActiveSilos.Count} Active silo(s)")
            : HealthCheckResult.Unhealthy("no Active silo"));
}
