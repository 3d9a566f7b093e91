using CallCluster.Agent.Graph;

namespace CallCluster.Agent.Engine;

/// <summary>The response step for nodes with an LLM <c>prompt</c>.</summary>
public interface IResponseGenerator
{
    /// <summary>The words to speak, or a route the model asked for instead (printed as text or called); null text → use the node's template.</summary>
    ValueTask<GeneratedResponse> GenerateAsync(AgentGraph graph, NodeDefinition node, ConversationState state, CancellationToken cancellationToken);
}

/// <summary>A model's response: text to speak, or a tool call caught before it could be spoken.</summary>
public sealed record GeneratedResponse(string? Text, string? Route, IReadOnlyDictionary<string, string>? Arguments, string? FallbackReason);
