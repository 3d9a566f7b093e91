using System.Text;
using System.Text.Json;
using CallCluster.Agent.Decisions;
using CallCluster.Agent.Graph;
using CallCluster.Agent.Slots;
using Microsoft.Extensions.AI;
using Polly;
using Polly.Fallback;

namespace CallCluster.Agent.Llm;

/// <summary>
/// The LLM decision step: the node's routes become functions (description, examples, slot arguments) and the
/// model (chosen per node, else the agent default) must call one. A tool call printed as text is recovered
/// by <see cref="ToolCallTextGuard"/>. Keypad input, nodes without a model, timeouts and errors go to the rules
/// decider through a Polly fallback, and the decision records why (<see cref="Decision.FallbackReason"/>).
/// </summary>
public sealed class ChatDecider : IDecider
{
    private static readonly ResiliencePropertyKey<DecisionRequest> RequestKey = new("callcluster.decision-request");

    private readonly IChatClient _client;
    private readonly RulesDecider _rules;
    private readonly SlotExtractor _extractor;
    private readonly ResiliencePipeline<Decision> _pipeline;

    public ChatDecider(IChatClient client, SlotExtractor extractor, ChatDeciderOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _extractor = extractor ?? throw new ArgumentNullException(nameof(extractor));
        _rules = new RulesDecider(extractor);
        _pipeline = new ResiliencePipelineBuilder<Decision> { TimeProvider = time }
            .AddFallback(new FallbackStrategyOptions<Decision>
            {
                ShouldHandle = new PredicateBuilder<Decision>().Handle<Exception>(e => e is not OperationCanceledException),
                FallbackAction = args =>
                {
                    var request = args.Context.Properties.GetValue(RequestKey, null!);
                    var reason = args.Outcome.Exception is { } e ? $"{e.GetType().Name}: {e.Message}" : "no result";
                    return Outcome.FromResultAsValueTask(_rules.Decide(request) with { Source = "rules-fallback", FallbackReason = reason });
                },
            })
            .AddTimeout(options.Timeout)
            .Build();
    }

    public async ValueTask<Decision> DecideAsync(DecisionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = request.Node.Model ?? request.Graph.Defaults.Model;
        if (model is null || request.Input.Text is null)
        {
            return _rules.Decide(request);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(RequestKey, request);
            return await _pipeline.ExecuteAsync(
                static (ctx, state) => state.Self.AskModelAsync(state.Request, state.Model, ctx.CancellationToken),
                context,
                (Self: this, Request: request, Model: model));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<Decision> AskModelAsync(DecisionRequest request, string model, CancellationToken cancellationToken)
    {
        var tools = request.Candidates.Select(r => (AITool)AIFunctionFactory.CreateDeclaration(r.Name, Describe(r), Parameters(request.Graph, r))).ToList();
        var options = new ChatOptions { ModelId = model, Tools = tools, Temperature = 0 };
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, SystemPrompt(request)),
            new(ChatRole.User, request.Input.Text!),
        };
        var response = await _client.GetResponseAsync(messages, options, cancellationToken);

        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().FirstOrDefault();
        if (call is not null)
        {
            var arguments = (call.Arguments ?? new Dictionary<string, object?>(StringComparer.Ordinal))
                .ToDictionary(a => a.Key, a => a.Value is JsonElement { ValueKind: JsonValueKind.String } s ? s.GetString() ?? string.Empty : a.Value?.ToString() ?? string.Empty, StringComparer.Ordinal);
            return ToDecision(request, call.Name, arguments, "llm");
        }

        var names = request.Candidates.Select(r => r.Name).ToList();
        if (ToolCallTextGuard.Find(response.Text, names) is { } printed)
        {
            return ToDecision(request, printed.Name, printed.Arguments, "llm-text-tool-call");
        }

        return Decision.NoMatch("llm", "the model called no tool");
    }

    /// <summary>Slot values from the model are normalised like spoken ones; a missing one is taken from the utterance.</summary>
    private Decision ToDecision(DecisionRequest request, string name, IReadOnlyDictionary<string, string> arguments, string source)
    {
        var route = request.Candidates.FirstOrDefault(r => r.Name == name);
        if (route is null)
        {
            return Decision.NoMatch(source, $"the model called '{name}', which this node does not offer");
        }

        var slots = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var slotName in route.Slots)
        {
            var slot = request.Graph.Slots[slotName];
            var value = (arguments.TryGetValue(slotName, out var given) ? _extractor.Extract(slot, given) : null)
                ?? _extractor.Extract(slot, request.Input.Text ?? string.Empty);
            if (value is null)
            {
                return Decision.NoMatch(source, $"the model chose '{name}' but slot '{slotName}' has no valid value");
            }

            slots[slotName] = value;
        }

        return new Decision { Route = name, Slots = slots, Source = source, Score = 1, Reason = $"model called {name}" };
    }

    private static string SystemPrompt(DecisionRequest request)
    {
        var lastAgentLine = request.State.Transcript.LastOrDefault(t => t.Speaker == "agent")?.Text ?? string.Empty;
        return new StringBuilder()
            .Append("You are the decision step of the phone agent '").Append(request.Graph.Name).Append("'. ")
            .Append("The agent just said: \"").Append(lastAgentLine).Append("\". ")
            .Append("Call exactly one function that matches what the caller says next. If none fits, call no function and answer NONE. ")
            .Append("Never answer the caller yourself.")
            .ToString();
    }

    private static string Describe(RouteDefinition route) =>
        route.Examples.Count == 0 ? route.Description : $"{route.Description} Examples: {string.Join("; ", route.Examples)}";

    private static JsonElement Parameters(AgentGraph graph, RouteDefinition route)
    {
        var properties = route.Slots.ToDictionary(
            s => s,
            s => (object)new Dictionary<string, object>(StringComparer.Ordinal) { ["type"] = "string", ["description"] = $"{graph.Slots[s].Kind} value" },
            StringComparer.Ordinal);
        return JsonSerializer.SerializeToElement(new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = route.Slots,
        });
    }
}
