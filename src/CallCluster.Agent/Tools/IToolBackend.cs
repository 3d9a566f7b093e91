namespace CallCluster.Agent.Tools;

/// <summary>Executes tools of one backend kind (<c>sandbox</c>, <c>http</c>). Exceptions and timeouts are the executor's to handle.</summary>
public interface IToolBackend
{
    string Name { get; }

    ValueTask<ToolResult> ExecuteAsync(ToolInvocation invocation, CancellationToken cancellationToken);
}
