using System.Text;
using CallCluster.Agent.Engine;
using CallCluster.Agent.Graph;
using Microsoft.Extensions.AI;
using Polly;

namespace CallCluster.Agent.Llm;

/// <summary>
/// The response step for nodes with a <c>prompt</c>: the model writes the line from the prompt, the known slots
/// and tool results, and the recent transcript. A tool call in its text is caught by <see cref="ToolCallTextGuard"/>
/// and returned as a route, so it is never spoken; a slow or failing model yields no text and the node's
/// <c>say</c> template is spoken instead.
/// </summary>
public sealed class ChatResponseGenerator(IChatClient client, ChatDeciderOptions options, TimeProvider time) : IResponseGenerator
{
    private readonly ResiliencePipeline _timeout = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(options.Timeout).Build();

    public async ValueTask<GeneratedResponse> GenerateAsync(AgentGraph graph, NodeDefinition node, ConversationState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(state);
        var model = node.Model ?? graph.Defaults.Model;
        if (model is null || node.Prompt is null)
        {
            return new GeneratedResponse(null, null, null, "no model configured");
        }

        string? text;
        try
        {
            text = await _timeout.ExecuteAsync(
                async token => (await client.GetResponseAsync(Messages(node, state), new ChatOptions { ModelId = model }, token)).Text,
                cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new GeneratedResponse(null, null, null, $"{e.GetType().Name}: {e.Message}");
        }

        if (ToolCallTextGuard.Find(text, graph.CandidateRoutes(node).Select(r => r.Name).ToList()) is { } call)
        {
            return new GeneratedResponse(null, call.Name, call.Arguments, null);
        }

        // A call to something that is not a route here must not be read out either.
        return text is not null && (text.Contains("\"arguments\"", StringComparison.Ordinal) || text.TrimStart().StartsWith('{'))
            ? new GeneratedResponse(null, null, null, "the model printed a tool call this node does not offer")
            : new GeneratedResponse(text, null, null, null);
    }

    private static List<ChatMessage> Messages(NodeDefinition node, ConversationState state)
    {
        var facts = new StringBuilder(node.Prompt).AppendLine().AppendLine("Known facts:");
        foreach (var (slot, value) in state.Slots)
        {
            facts.Append("- ").Append(slot).Append(": ").AppendLine(value);
        }

        foreach (var (tool, fields) in state.Results)
        {
            foreach (var (field, value) in fields)
            {
                facts.Append("- ").Append(tool).Append('.').Append(field).Append(": ").AppendLine(value);
            }
        }

        var messages = new List<ChatMessage> { new(ChatRole.System, facts.Append("Reply with one or two short spoken sentences.").ToString()) };
        foreach (var entry in state.Transcript.TakeLast(10))
        {
            messages.Add(new ChatMessage(entry.Speaker == "agent" ? ChatRole.Assistant : ChatRole.User, entry.Text));
        }

        return messages;
    }
}
