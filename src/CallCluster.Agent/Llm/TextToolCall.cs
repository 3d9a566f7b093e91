namespace CallCluster.Agent.Llm;

/// <summary>A tool call a model wrote as text instead of calling it, recovered by <see cref="ToolCallTextGuard"/>.</summary>
public sealed record TextToolCall(string Name, IReadOnlyDictionary<string, string> Arguments);
