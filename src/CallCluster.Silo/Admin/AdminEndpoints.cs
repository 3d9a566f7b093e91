using System.Text;
using CallCluster.Silo.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CallCluster.Silo.Admin;

/// <summary>The admin HTTP API every node serves: Kubernetes probes and a read-only view of the cluster.</summary>
public static class AdminEndpoints
{
    /// <summary>
    /// <c>/health/live</c> (200 while the process serves HTTP), <c>/health/ready</c> (200 only when every check tagged
    /// <see cref="HealthTags.Ready"/> passes, 503 with the failing reasons otherwise), <c>/api/silos</c> (membership
    /// as this node reads it), <c>/api/calls</c> (live activations and calls), <c>/api/cluster</c> (counts).
    /// </summary>
    public static IEndpointRouteBuilder MapCallClusterAdmin(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Ready),
            ResponseWriter = WriteReasonsAsync,
        });
        endpoints.MapGet("/api/silos", (IClusterView view) => SiloView.From(view));
        endpoints.MapGet("/api/calls", (IClusterView view, IEnumerable<ILiveCallSource> lines) => LiveCallsView.From(view, lines));
        endpoints.MapGet("/api/cluster", (IClusterView view) => ClusterSummary.From(view.Membership));
        return endpoints;
    }

    // Plain text, one line per check: what an operator reads in `kubectl describe pod` when a probe fails.
    private static Task WriteReasonsAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        var text = new StringBuilder().Append(report.Status.ToString()).Append('\n');
        foreach (var (name, entry) in report.Entries)
        {
            text.Append(name).Append(": ").Append(entry.Status.ToString()).Append(" — ").Append(entry.Description).Append('\n');
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }
}
