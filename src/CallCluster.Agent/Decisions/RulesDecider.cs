using System.Collections.ObjectModel;
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

    /// <summary>Shared by every decision without slots; immutable, so no caller can add to another's.</summary>
    private static readonly IReadOnlyDictionary<string, string> NoSlots = ReadOnlyDictionary<string, string>.Empty;

    public ValueTask<Decision> DecideAsync(DecisionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ValueTask.FromResult(Decide(request));
    }

    public Decision Decide(DecisionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var speech = request.Input.Dtmf is null ? new SpokenInput(request.Input.Text ?? string.Empty) : null;
        RouteDefinition? bestRoute = null;
        RouteMatch best = default;
        foreach (var route in request.Candidates)
        {
            var match = speech is null ? MatchDtmf(request.Graph, route, request.Input.Dtmf!) : MatchSpeech(request.Graph, route, speech);

            // Candidates come in order (the node's own routes before the globals), so a later route wins only when it
            // is strictly better: higher priority, then a higher score.
            if (match is { } m && (bestRoute is null || route.Priority > bestRoute.Priority || (route.Priority == bestRoute.Priority && m.Score > best.Score)))
            {
                (bestRoute, best) = (route, m);
            }
        }

        return bestRoute is null
            ? Decision.NoMatch(SourceName, $"no route matched '{request.Input}'")
            : new Decision { Route = bestRoute.Name, Slots = best.Slots, Source = SourceName, Score = best.Score, Reason = best.Reason };
    }

    private RouteMatch? MatchSpeech(AgentGraph graph, RouteDefinition route, SpokenInput speech)
    {
        var triggers = RouteTriggers.For(route);
        double score = 0;
        var reason = string.Empty;
        for (var i = 0; i < triggers.Keywords.Length; i++)
        {
            if (speech.Padded.Contains(triggers.Keywords[i], StringComparison.Ordinal))
            {
                (score, reason) = (1, $"keyword '{route.Keywords[i]}'");
                break;
            }
        }

        Dictionary<string, string>? slots = null;
        foreach (var pattern in route.Patterns)
        {
            if (score >= 1)
            {
                break;
            }

            var match = SafeMatch(pattern, speech.Text);
            if (match is { Success: true })
            {
                (score, reason) = (1, $"pattern '{pattern}'");
                foreach (var group in match.Groups.Cast<Group>().Where(g => g.Success && graph.Slots.ContainsKey(g.Name)))
                {
                    slots ??= new Dictionary<string, string>(StringComparer.Ordinal);
                    slots[group.Name] = group.Value;
                }
            }
        }

        var bestExample = -1;
        for (var i = 0; i < triggers.Examples.Length; i++)
        {
            var similarity = FuzzyMatcher.Coverage(speech.ContentWords, triggers.Examples[i]);
            if (similarity >= ExampleThreshold && similarity > score)
            {
                (score, bestExample) = (similarity, i);
            }
        }

        if (bestExample >= 0)
        {
            reason = $"example '{route.Examples[bestExample]}' ({score:0.00})";
        }

        foreach (var name in route.Slots)
        {
            if (slots?.ContainsKey(name) == true)
            {
                continue;
            }

            if (extractor.Extract(graph.Slots[name], speech.Text) is not { } value)
            {
                return null;
            }

            slots ??= new Dictionary<string, string>(StringComparer.Ordinal);
            slots[name] = value;
        }

        var hasTriggers = route.Keywords.Count > 0 || route.Patterns.Count > 0 || route.Examples.Count > 0;
        if (!hasTriggers && route.Slots.Count > 0)
        {
            // A route made only of slots ("the caller gave the order number") fires on the slots.
            (score, reason) = (0.9, "slots " + string.Join(", ", route.Slots));
        }

        return score >= ExampleThreshold ? new RouteMatch(score, slots ?? NoSlots, reason) : null;
    }

    private static RouteMatch? MatchDtmf(AgentGraph graph, RouteDefinition route, string digits)
    {
        if (route.Dtmf is { } key && string.Equals(key, digits.TrimEnd('#'), StringComparison.Ordinal))
        {
            return new RouteMatch(1, NoSlots, $"dtmf '{key}'");
        }

        if (route.Slots.Count != 1 || route.Dtmf is not null)
        {
            return null;
        }

        var slot = graph.Slots[route.Slots[0]];
        return SlotExtractor.ExtractDtmf(slot, digits) is { } value
            ? new RouteMatch(1, new Dictionary<string, string>(StringComparer.Ordinal) { [slot.Name] = value }, $"dtmf for slot {slot.Name}")
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

    private readonly record struct RouteMatch(double Score, IReadOnlyDictionary<string, string> Slots, string Reason);
}
