using CallCluster.Runtime.Membership;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallCluster.Silo.Health;

/// <summary>Ready while the silo is Active in membership: Joining is not placed on yet, ShuttingDown is draining.</summary>
internal sealed class SiloReadinessCheck(Runtime.Hosting.Silo silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = silo.Status;
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"silo {silo.Address} is Active")
            : HealthCheckResult.Unhealthy($"silo is {status}"));
    }
}
