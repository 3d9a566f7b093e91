namespace CallCluster.Agent.Tools;

/// <summary>One row per tool execution attempt the engine made (including refusals and replays).</summary>
/// <param name="Arguments">Arguments as JSON with the tool's <c>redact</c> fields replaced by <c>[redacted]</c>.</param>
/// <param name="Replayed">True when the idempotency ledger answered and the backend was not called.</param>
public sealed record ToolAuditRecord(
    string CallId,
    string AgentVersion,
    string Tool,
    string Arguments,
    string Outcome,
    string Result,
    TimeSpan Latency,
    bool Replayed,
    string? Error,
    DateTimeOffset At);
