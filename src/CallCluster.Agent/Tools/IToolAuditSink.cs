namespace CallCluster.Agent.Tools;

/// <summary>Where tool audit rows go (memory in tests and the simulator, PostgreSQL in a cluster).</summary>
public interface IToolAuditSink
{
    ValueTask WriteAsync(ToolAuditRecord record, CancellationToken cancellationToken);
}
