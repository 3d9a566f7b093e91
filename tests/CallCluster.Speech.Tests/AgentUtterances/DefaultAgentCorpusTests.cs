namespace CallCluster.Speech.Tests.AgentUtterances;

/// <summary>
/// The corpus is labelled right: each utterance's own words, as text, give its route and slots. An audio miss is then
/// the recogniser's, not a mislabelled case or a decider gap.
/// </summary>
public sealed class DefaultAgentCorpusTests
{
    private readonly DefaultAgentUnderstanding _agent = new();

    [Fact]
    public void Covers_every_waiting_node_and_every_route_of_the_default_agent()
    {
        Assert.True(_agent.Utterances.Count >= 100, $"only {_agent.Utterances.Count} utterances");
        var waiting = _agent.Graph.Nodes.Values.Where(n => n.WaitsForInput && n.Routes.Count > 0).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(waiting, _agent.Utterances.Select(u => u.Node).ToHashSet(StringComparer.Ordinal));
        var routes = _agent.Graph.Nodes.Values.SelectMany(n => n.Routes).Concat(_agent.Graph.GlobalRoutes).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(routes, _agent.Utterances.Select(u => u.Route).ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_utterance_as_text_gives_its_route_and_slots()
    {
        var wrong = new List<string>();
        foreach (var utterance in _agent.Utterances)
        {
            var decision = await _agent.DecideAsync(utterance, utterance.Spoken);
            if (!DefaultAgentUnderstanding.IsUnderstood(utterance, decision))
            {
                wrong.Add($"{utterance} → {decision.Route ?? "no match"} {string.Join(", ", decision.Slots)}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }
}
