using CallCluster.Agent.Graph;
using CallCluster.Agent.Slots;

namespace CallCluster.Agent.Decisions;

/// <summary>
/// What a node's routes make of a keypad entry still being typed, the way <see cref="RulesDecider"/> matches keys: a
/// route with a <c>dtmf</c> key takes exactly that key, and a route made of one slot takes what the slot takes on the
/// keypad. With it the turn-taking machine ends a keyed entry at the key that completes it rather than after the
/// inter-digit timeout.
/// </summary>
public static class KeypadEntry
{
    /// <summary>
    /// True when some candidate route takes a longer entry that begins with <paramref name="digits"/>: a longer menu key
    /// ("12" when the caller typed "1"), a digit slot below its maximum length, a number below its maximum. Such an
    /// entry may not be finished, whatever the keys so far already match.
    /// </summary>
    public static bool CanGoOn(AgentGraph graph, IEnumerable<RouteDefinition> candidates, string digits)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(digits);
        foreach (var route in candidates)
        {
            if (route.Dtmf is { } key)
            {
                if (key.Length > digits.Length && key.StartsWith(digits, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            else if (route.Slots.Count == 1 && SlotExtractor.DtmfCanGrow(graph.Slots[route.Slots[0]], digits))
            {
                return true;
            }
        }

        return false;
    }
}
