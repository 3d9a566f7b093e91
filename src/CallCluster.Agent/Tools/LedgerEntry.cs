namespace CallCluster.Agent.Tools;

/// <summary>The first result for an idempotency key, kept in the conversation state so a repeat makes no second effect.</summary>
public sealed record LedgerEntry(string Tool, string Outcome, Dictionary<string, string> Result);
