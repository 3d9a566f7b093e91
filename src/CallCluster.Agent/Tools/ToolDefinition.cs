using CallCluster.Agent.Graph;

namespace CallCluster.Agent.Tools;

/// <summary>
/// A server-side tool: its backend, argument schema, the call-state flags it requires (authorization is
/// the server's, never the model's), its idempotency key, and its resilience budget.
/// </summary>
public sealed record ToolDefinition
{
    public required string Name { get; init; }

    public required SourceLocation Location { get; init; }

    public string Description { get; init; } = string.Empty;

    /// <summary><c>sandbox</c> (the built-in store) or <c>http</c> (a configured endpoint).</summary>
    public string Backend { get; init; } = "sandbox";

    /// <summary>The backend operation (a sandbox operation name, or an HTTP endpoint name).</summary>
    public required string Operation { get; init; }

    public JsonSchema Arguments { get; init; } = new();

    /// <summary>Flags the call must hold before this tool may run, e.g. <c>identity_verified</c>.</summary>
    public IReadOnlyList<string> Requires { get; init; } = [];

    /// <summary>A flag the server sets on the call when this tool returns <c>ok</c>.</summary>
    public string? SetsFlag { get; init; }

    /// <summary>True for reads: they may be retried. A tool with an idempotency key is retried too.</summary>
    public bool Idempotent { get; init; }

    /// <summary>Key of the side effect; a repeat with the same key returns the first result, with no second effect.</summary>
    public Template? IdempotencyKey { get; init; }

    /// <summary>Result fields templates may name as <c>{tool.field}</c>.</summary>
    public IReadOnlyList<string> Returns { get; init; } = [];

    /// <summary>Arguments written to the audit as <c>[redacted]</c> (PII).</summary>
    public IReadOnlyList<string> Redact { get; init; } = [];

    /// <summary>Per-attempt timeout; 3 s keeps a caller from waiting in silence.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Retries after the first attempt (only when idempotent); 1 rides out a blip without doubling the wait.</summary>
    public int Retries { get; init; } = 1;

    public bool MayRetry => Idempotent || IdempotencyKey is not null;
}
