namespace CallCluster.Agent.Tools;

/// <summary>A tool call as the turn reports it: arguments sent, outcome and result fields, and how long it took.</summary>
public sealed record ToolCallRecord(
    string Tool,
    IReadOnlyDictionary<string, string> Arguments,
    string Outcome,
    IReadOnlyDictionary<string, string> Result,
    TimeSpan Latency,
    bool Replayed,
    string? Error);
