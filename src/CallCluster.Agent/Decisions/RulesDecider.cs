using System.Text.RegularExpressions;
using CallCluster.Agent.Graph;
using CallCluster.Agent.Slots;

namespace CallCluster.Agent.Decisions;

/// <summary>
/// The offline default decider: keywords and regex patterns fire a route outright, examples fire it by fuzzy
/// token overlap, and a route that carries slots fires only when they can all be extracted (a route made of
/// slots alone fires on them). Among routes that fire, the highest priority wins, then the best score, then
/// the node's own routes before the globals. Deterministic: the same input always gives the same decision.
/// </summary>
public sealed class RulesDecider(SlotExtractor extractor) : IDecider
{
    /// <summary>Share of an example's content words that must be heard; 0.6 tolerates a missed word in three.</summary>
    public const double ExampleThreshold = 0.6;

    public const string SourceName = "rules";

    public ValueTask<Decision> DecideAsync(DecisionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ValueTask.FromResult(Decide(request));
    }

    public Decision Decide(DecisionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var candidates = new List<(RouteDefinition Route, double Score, Dictionary<string, string> Slots, string Reason, int Order)>();
        for (var order = 0; order < request.Candidates.Count; order++)
        {
            var route = request.Candidates[order];
            var match = request.Input.Dtmf is { } digits ? MatchDtmf(request.Graph, route, digits) : MatchSpeech(request.Graph, route, request.Input.Text ?? string.Empty);
            if (match is { } m)
            {
                candidates.Add((route, m.Score, m.Slots, m.Reason, order));
            }
        }

        if (candidates.Count == 0)
        {
            return Decision.NoMatch(SourceName, $"no route matched '{request.Input}'");
        }

        var best = candidates.OrderByDescending(c => c.Route.Priority).ThenByDescending(c => c.Score).ThenBy(c => c.Order).First();
        return new Decision { Route = best.Route.Name, Slots = best.Slots, Source = SourceName, Score = best.Score, Reason = best.Reason };
    }

    private (double Score, Dictionary<string, string> Slots, string Reason)? MatchSpeech(AgentGraph graph, RouteDefinition route, string text)
    {
        var tokens = TextNormalizer.Tokens(text);
        var normalized = " " + string.Join(' ', tokens) + " ";
        double score = 0;
        var reason = string.Empty;
        if (route.Keywords.FirstOrDefault(k => normalized.Contains(" " + TextNormalizer.Normalize(k) + " ", StringComparison.Ordinal)) is { } keyword)
        {
            (score, reason) = (1, $"keyword '{keyword}'");
        }

        var slots = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pattern in route.Patterns)
        {
            if (score >= 1)
            {
                break;
            }

            var match = SafeMatch(pattern, text);
            if (match is { Success: true })
            {
                (score, reason) = (1, $"pattern '{pattern}'");
                foreach (var group in match.Groups.Cast<Group>().Where(g => g.Success && graph.Slots.ContainsKey(g.Name)))
                {
                    slots[group.Name] = group.Value;
                }
            }
        }

        foreach (var example in route.Examples)
        {
            var similarity = FuzzyMatcher.Similarity(tokens, example);
            if (similarity >= ExampleThreshold && similarity > score)
            {
                (score, reason) = (similarity, $"example '{example}' ({similarity:0.00})");
            }
        }

        foreach (var name in route.Slots.Where(s => !slots.ContainsKey(s)))
        {
            if (extractor.Extract(graph.Slots[name], text) is not { } value)
            {
                return null;
            }

            slots[name] = value;
        }

        var hasTriggers = route.Keywords.Count > 0 || route.Patterns.Count > 0 || route.Examples.Count > 0;
        if (!hasTriggers && route.Slots.Count > 0)
        {
            // A route made only of slots ("the caller gave the order number") fires on the slots.
            (score, reason) = (0.9, "slots " + string.Join(", ", route.Slots));
        }

        return score >= ExampleThreshold ? (score, slots, reason) : null;
    }

    private static (double Score, Dictionary<string, string> Slots, string Reason)? MatchDtmf(AgentGraph graph, RouteDefinition route, string digits)
    {
        if (route.Dtmf is { } key && string.Equals(key, digits.TrimEnd('#'), StringComparison.Ordinal))
        {
            return (1, new Dictionary<string, string>(StringComparer.Ordinal), $"dtmf '{key}'");
        }

        if (route.Slots.Count != 1 || route.Dtmf is not null)
        {
            return null;
        }

        var slot = graph.Slots[route.Slots[0]];
        return SlotExtractor.ExtractDtmf(slot, digits) is { } value
            ? (1, new Dictionary<string, string>(StringComparer.Ordinal) { [slot.Name] = value }, $"dtmf for slot {slot.Name}")
            : null;
    }

    private static Match? SafeMatch(Regex pattern, string text)
    {
        try
        {
            return pattern.Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return null; // a pathological pattern on odd input counts as no match rather than stalling the turn
        }
    }
}
