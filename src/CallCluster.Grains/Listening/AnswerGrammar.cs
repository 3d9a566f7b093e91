using CallCluster.Agent.Decisions;
using CallCluster.Agent.Engine;
using CallCluster.Agent.Graph;
using CallCluster.Agent.Slots;

namespace CallCluster.Grains.Listening;

/// <summary>
/// A node's grammar as the turn-taking machine's endpointing uses it. <see cref="Completes"/>: the rules would route the
/// transcript (a keyword, an example or every slot of a route is there), so the turn can end as soon as the caller
/// stops. <see cref="Underway"/>: the node takes a number and the caller has begun one but not finished it (a pause
/// mid order number), so the turn waits the longer silence. Anything else waits the ordinary minimum silence.
/// <see cref="DigitsComplete"/>: no further key can change the keypad answer, so a keyed entry ends at that key.
/// Pure and cheap (the rules engine on one string): the machine asks on every partial transcript and every key.
/// </summary>
internal sealed class AnswerGrammar
{
    private static readonly HashSet<string> DigitWords = new(StringComparer.Ordinal)
    {
        "zero", "oh", "o", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    };

    private readonly AgentGraph _graph;
    private readonly NodeDefinition _node;
    private readonly List<RouteDefinition> _routes;
    private readonly ConversationState _state;
    private readonly RulesDecider _rules;
    private readonly bool _takesNumber;

    private AnswerGrammar(AgentGraph graph, NodeDefinition node, ConversationState state, RulesDecider rules)
    {
        _graph = graph;
        _node = node;
        _state = state;
        _rules = rules;
        _routes = [.. graph.CandidateRoutes(node)];
        _takesNumber = _routes.SelectMany(r => r.Slots).Any(s => graph.Slots[s].Kind is SlotKind.Digits or SlotKind.Number);
    }

    /// <summary>The grammar of the node <paramref name="state"/> waits at, or null when the call has ended or the node is unknown.</summary>
    public static AnswerGrammar? For(ConversationEngine engine, ConversationState state, RulesDecider rules)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(state);
        return !state.Ended && engine.Graph.Nodes.TryGetValue(state.Node, out var node) ? new AnswerGrammar(engine.Graph, node, state, rules) : null;
    }

    /// <summary>True when the rules already route <paramref name="transcript"/>.</summary>
    public bool Completes(string transcript) =>
        _rules.Decide(new DecisionRequest(_graph, _node, _routes, DecisionInput.Speech(transcript), _state)).Route is not null;

    /// <summary>
    /// True when no route takes a longer keypad entry that begins with <paramref name="digits"/> (no terminator;
    /// <see cref="KeypadEntry.CanGoOn"/>), so another key cannot help: the entry is the node's answer (the menu's "2"
    /// when no key starts with "2", six digits for a six-digit order number) or one no route will ever take (the menu's
    /// "9"), which the agent then says at once, as an IVR does, instead of after the inter-digit wait. "1" waits when
    /// "12" is a key too, and so does a global key such as "0" for a person at a node that takes a number, since the
    /// number may begin with 0.
    /// </summary>
    public bool DigitsComplete(string digits) => digits.Length > 0 && !KeypadEntry.CanGoOn(_graph, _routes, digits);

    /// <summary>True when the node takes a number and <paramref name="transcript"/> holds spoken digits that do not complete it.</summary>
    public bool Underway(string transcript) =>
        _takesNumber && TextNormalizer.Tokens(transcript).Any(t => DigitWords.Contains(t) || t.All(char.IsAsciiDigit)) && !Completes(transcript);
}
