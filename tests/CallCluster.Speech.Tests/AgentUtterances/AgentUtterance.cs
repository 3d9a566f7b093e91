namespace CallCluster.Speech.Tests.AgentUtterances;

/// <summary>A caller utterance at one node of the default agent and what the agent must make of it.</summary>
/// <param name="Node">The node the call is waiting at (its hints shape the grammar).</param>
/// <param name="Spoken">The words the synthetic caller speaks.</param>
/// <param name="Route">The route (tool) the decider must pick.</param>
/// <param name="Slots">The slot values the route must carry, canonical (digits, yyyy-MM-dd, HH:mm).</param>
public sealed record AgentUtterance(string Node, string Spoken, string Route, IReadOnlyDictionary<string, string> Slots)
{
    public override string ToString() =>
        $"[{Node}] \"{Spoken}\" → {Route}" + (Slots.Count == 0 ? "" : " " + string.Join(", ", Slots.Select(s => $"{s.Key}={s.Value}")));
}
