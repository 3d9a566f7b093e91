using System.Text.Json.Nodes;

namespace CallCluster.Agent.Tools;

/// <summary>One validated, authorized request to a backend.</summary>
/// <param name="IdempotencyKey">Stable across repeats of the same request; a backend that writes must make one effect per key.</param>
/// <param name="RunId">Groups everything a test or simulator session wrote, so it can be cleaned up.</param>
public sealed record ToolInvocation(ToolDefinition Tool, JsonObject Arguments, string? IdempotencyKey, string CallId, string RunId, string? CallerNumber)
{
    public string Argument(string name) => Arguments[name]?.ToString() ?? string.Empty;
}
