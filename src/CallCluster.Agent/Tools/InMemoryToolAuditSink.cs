using System.Collections.Concurrent;

namespace CallCluster.Agent.Tools;

/// <summary>Keeps audit rows in memory, for tests and the simulator.</summary>
public sealed class InMemoryToolAuditSink : IToolAuditSink
{
    private readonly ConcurrentQueue<ToolAuditRecord> _records = new();

    public IReadOnlyList<ToolAuditRecord> Records => _records.ToArray();

    public ValueTask WriteAsync(ToolAuditRecord record, CancellationToken cancellationToken)
    {
        _records.Enqueue(record);
        return ValueTask.CompletedTask;
    }
}
