using CallCluster.Agent.Decisions;
using CallCluster.Agent.Graph;
using CallCluster.Agent.Slots;
using CallCluster.Agent.Tools;

namespace CallCluster.Agent.Engine;

/// <summary>
/// Drives one agent graph turn by turn over a <see cref="ConversationState"/> the caller owns (the call
/// grain checkpoints it after each turn). Each turn: the decision step picks a route, the flow enters nodes —
/// running actions through the <see cref="ToolExecutor"/> and rendering responses — until it reaches a node
/// that waits for the caller or ends the call. Tool and model failures become spoken fallbacks, never exceptions.
/// </summary>
public sealed class ConversationEngine
{
    /// <summary>Automatic transitions allowed in one turn; more means the graph loops without asking the caller.</summary>
    public const int MaxHopsPerTurn = 32;

    private readonly AgentGraph _graph;
    private readonly IDecider _decider;
    private readonly RulesDecider _rules;
    private readonly ToolExecutor _tools;
    private readonly IResponseGenerator? _responses;
    private readonly TimeProvider _time;

    public ConversationEngine(AgentGraph graph, IDecider decider, ToolExecutor tools, TimeProvider time, IResponseGenerator? responses = null)
    {
        _graph = graph ?? throw new ArgumentNullException(nameof(graph));
        _decider = decider ?? throw new ArgumentNullException(nameof(decider));
        _tools = tools ?? throw new ArgumentNullException(nameof(tools));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _responses = responses;
        _rules = new RulesDecider(new SlotExtractor(time));
    }

    public AgentGraph Graph => _graph;

    /// <summary>Enters the start node: the greeting turn.</summary>
    public async Task<AgentTurn> StartAsync(ConversationState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.AgentVersion = _graph.Version;
        var turn = new TurnBuilder();
        await EnterAsync(state, _graph.Start, turn, cancellationToken);
        return Finish(state, turn, decision: null);
    }

    public Task<AgentTurn> HandleUtteranceAsync(ConversationState state, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return HandleInputAsync(state, DecisionInput.Speech(text), "caller", text, cancellationToken);
    }

    public Task<AgentTurn> HandleDtmfAsync(ConversationState state, string digits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(digits);
        return HandleInputAsync(state, DecisionInput.Keypad(digits), "keypad", digits, cancellationToken);
    }

    /// <summary>The caller said nothing before the no-input timer fired: re-prompt, or escalate once retries run out.</summary>
    public async Task<AgentTurn> HandleNoInputAsync(ConversationState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Ended)
        {
            return Finish(state, new TurnBuilder(), null);
        }

        var turn = new TurnBuilder();
        await RetryOrEscalateAsync(state, _graph.Node(state.Node), turn, prefix: null, cancellationToken);
        return Finish(state, turn, null);
    }

    /// <summary>What the speech layer should expect at the current node.</summary>
    public RecognitionHints GetHints(ConversationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Ended || !_graph.Nodes.TryGetValue(state.Node, out var node))
        {
            return new RecognitionHints([], [], AcceptsDtmf: false, MaxDigits: null);
        }

        var routes = _graph.CandidateRoutes(node).ToList();
        var slots = routes.SelectMany(r => r.Slots).Distinct(StringComparer.Ordinal).Select(s => _graph.Slots[s]).ToList();
        var phrases = routes.SelectMany(r => r.Examples.Concat(r.Keywords))
            .Concat(slots.SelectMany(s => s.Values?.Values.SelectMany(v => v) ?? []))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var digitSlots = slots.Where(s => s.Kind is SlotKind.Digits or SlotKind.Number).ToList();
        var acceptsDtmf = digitSlots.Count > 0 || routes.Any(r => r.Dtmf is not null) || slots.Any(s => s.Kind == SlotKind.YesNo);
        return new RecognitionHints(phrases, slots.Select(s => s.Kind).Distinct().ToList(), acceptsDtmf, digitSlots.Select(s => s.MaxLength).Max());
    }

    private async Task<AgentTurn> HandleInputAsync(ConversationState state, DecisionInput input, string speaker, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var turn = new TurnBuilder();
        if (state.Ended)
        {
            return Finish(state, turn, null);
        }

        state.Transcript.Add(new TranscriptEntry(speaker, text, _time.GetUtcNow()));
        var node = _graph.Node(state.Node);
        var decision = await DecideAsync(node, input, state, cancellationToken);
        if (decision.Route is null || !TryFindRoute(node, decision.Route, out var route))
        {
            var noMatch = (node.NoMatch?.Render(r => Resolve(state, r)) ?? _graph.Defaults.NoMatch).Trim();
            await RetryOrEscalateAsync(state, node, turn, noMatch, cancellationToken);
            return Finish(state, turn, decision);
        }

        foreach (var (slot, value) in decision.Slots)
        {
            state.Slots[slot] = value;
        }

        await EnterAsync(state, route.Next.Target, turn, cancellationToken);
        return Finish(state, turn, decision);
    }

    private async ValueTask<Decision> DecideAsync(NodeDefinition node, DecisionInput input, ConversationState state, CancellationToken cancellationToken)
    {
        var request = new DecisionRequest(_graph, node, _graph.CandidateRoutes(node).ToList(), input, state);
        try
        {
            return await _decider.DecideAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A decider that fails must not cost the caller the turn: the rules answer, and the turn says why.
            return _rules.Decide(request) with { Source = "rules-fallback", FallbackReason = e.GetType().Name + ": " + e.Message };
        }
    }

    private bool TryFindRoute(NodeDefinition node, string name, out RouteDefinition route)
    {
        route = _graph.CandidateRoutes(node).FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal))!;
        return route is not null;
    }

    private async Task RetryOrEscalateAsync(ConversationState state, NodeDefinition node, TurnBuilder turn, string? prefix, CancellationToken cancellationToken)
    {
        state.Retries++;
        if (state.Retries > _graph.MaxRetries(node) && _graph.EscalationTarget(node) is { } target)
        {
            await EnterAsync(state, target, turn, cancellationToken);
            return;
        }

        if (prefix is { Length: > 0 })
        {
            turn.Say(prefix);
        }

        turn.Say((node.Reprompt ?? node.Say)?.Render(r => Resolve(state, r)));
    }

    private async Task EnterAsync(ConversationState state, string nodeId, TurnBuilder turn, CancellationToken cancellationToken)
    {
        var current = nodeId;
        for (var hop = 0; hop < MaxHopsPerTurn; hop++)
        {
            var node = _graph.Node(current);
            state.Node = node.Id;
            state.Retries = 0;
            turn.Path.Add(node.Id);

            if (node.Action is { } action)
            {
                turn.Say(node.Say?.Render(r => Resolve(state, r)));
                current = await RunActionAsync(state, action, turn, cancellationToken);
                continue;
            }

            if (await RespondAsync(state, node, turn, cancellationToken) is { } routeTarget)
            {
                current = routeTarget;
                continue;
            }

            if (node.IsTerminal)
            {
                state.Ended = true;
                state.Disposition = node.Disposition;
                state.TransferTarget = node.Transfer;
                return;
            }

            if (node.Next is { } next)
            {
                current = next.Target;
                continue;
            }

            return;
        }

        // The graph moved MaxHopsPerTurn times without asking the caller: end rather than spin.
        turn.Say(_graph.Defaults.ToolFallback);
        state.Ended = true;
        state.Disposition = "agent_error";
    }

    /// <summary>Speaks the node's response; returns a route's target when a model asked for a route instead of speaking.</summary>
    private async Task<string?> RespondAsync(ConversationState state, NodeDefinition node, TurnBuilder turn, CancellationToken cancellationToken)
    {
        if (node.Prompt is not null && _responses is not null)
        {
            var generated = await _responses.GenerateAsync(_graph, node, state, cancellationToken);
            if (generated.Route is { } routeName && TryFindRoute(node, routeName, out var route))
            {
                foreach (var (slot, value) in generated.Arguments ?? new Dictionary<string, string>(StringComparer.Ordinal))
                {
                    if (_graph.Slots.ContainsKey(slot))
                    {
                        state.Slots[slot] = value;
                    }
                }

                return route.Next.Target;
            }

            if (generated.Text is { Length: > 0 } text)
            {
                turn.Say(text);
                return null;
            }
        }

        turn.Say(node.Say?.Render(r => Resolve(state, r)));
        return null;
    }

    private async Task<string> RunActionAsync(ConversationState state, ActionDefinition action, TurnBuilder turn, CancellationToken cancellationToken)
    {
        var tool = _graph.Tools[action.Tool];
        var arguments = action.Arguments.ToDictionary(a => a.Key, a => a.Value.Render(r => Resolve(state, r)), StringComparer.Ordinal);
        var record = await _tools.ExecuteAsync(tool, arguments, state, cancellationToken);
        turn.ToolCalls.Add(record);
        // An outcome the graph does not route (a timeout, a refusal, an unexpected answer) takes the error path,
        // whose node speaks the fallback.
        return action.Outcomes.TryGetValue(record.Outcome, out var target) ? target.Target : action.Outcomes["error"].Target;
    }

    private static string? Resolve(ConversationState state, string reference)
    {
        var dot = reference.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return state.Slots.GetValueOrDefault(reference);
        }

        return state.Results.TryGetValue(reference[..dot], out var result) ? result.GetValueOrDefault(reference[(dot + 1)..]) : null;
    }

    private AgentTurn Finish(ConversationState state, TurnBuilder turn, Decision? decision)
    {
        var response = turn.Response;
        if (response.Length > 0)
        {
            state.Transcript.Add(new TranscriptEntry("agent", response, _time.GetUtcNow()));
        }

        state.TurnCount++;
        return new AgentTurn
        {
            Response = response,
            Node = state.Node,
            Path = turn.Path,
            Decision = decision,
            ToolCalls = turn.ToolCalls,
            Slots = new Dictionary<string, string>(state.Slots, StringComparer.Ordinal),
            Ended = state.Ended,
            Disposition = state.Disposition,
            TransferTarget = state.TransferTarget,
        };
    }

    private sealed class TurnBuilder
    {
        private readonly List<string> _spoken = [];

        public List<string> Path { get; } = [];

        public List<ToolCallRecord> ToolCalls { get; } = [];

        public string Response => string.Join(' ', _spoken);

        public void Say(string? text)
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                _spoken.Add(text.Trim());
            }
        }
    }
}
