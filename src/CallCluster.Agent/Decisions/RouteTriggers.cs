using System.Runtime.CompilerServices;
using CallCluster.Agent.Graph;
using CallCluster.Agent.Slots;

namespace CallCluster.Agent.Decisions;

/// <summary>
/// A route's keywords and examples in the form the rules compare against, normalized once per route rather than on
/// every decision (which cost tens of KB and microseconds a turn, see docs/benchmarks-agent.md). Held beside the route,
/// so it lives exactly as long as the loaded graph.
/// </summary>
internal sealed class RouteTriggers
{
    private static readonly ConditionalWeakTable<RouteDefinition, RouteTriggers> Cache = new();

    private RouteTriggers(RouteDefinition route)
    {
        Keywords = [.. route.Keywords.Select(k => " " + TextNormalizer.Normalize(k) + " ")];
        Examples = [.. route.Examples.Select(e => FuzzyMatcher.ContentWords(TextNormalizer.Tokens(e)).ToArray())];
    }

    /// <summary>Each keyword of the route, at the same index, as normalized tokens with a space either side.</summary>
    public string[] Keywords { get; }

    /// <summary>Each example of the route, at the same index, as its content words.</summary>
    public string[][] Examples { get; }

    public static RouteTriggers For(RouteDefinition route) => Cache.GetValue(route, static r => new RouteTriggers(r));
}
