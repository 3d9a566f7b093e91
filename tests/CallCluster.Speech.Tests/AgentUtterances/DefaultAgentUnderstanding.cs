using CallCluster.Grains.Listening;
using CallCluster.Agent.Decisions;
using CallCluster.Agent.Engine;
using CallCluster.Agent.Graph;
using CallCluster.Agent.Simulation;
using CallCluster.Testing;
using SpeechHints = CallCluster.Speech.Abstractions.RecognitionHints;

namespace CallCluster.Speech.Tests.AgentUtterances;

/// <summary>
/// The default agent as the call grain runs it: the engine gives each node's hints, the configured decider (the
/// rules, as in the sandbox) turns a transcript into a route and slots.
/// </summary>
public sealed class DefaultAgentUnderstanding
{
    private readonly SandboxAgent _agent;
    private readonly IDecider _decider;

    public DefaultAgentUnderstanding()
    {
        Graph = AgentConfigLoader.LoadFile(RepoPaths.DefaultAgent);
        var time = new ManualTimeProvider(DefaultAgentCorpus.Today);
        _decider = new RulesDecider(new Agent.Slots.SlotExtractor(time));
        _agent = SandboxAgent.Create(Graph, time, decider: _decider);
        Utterances = DefaultAgentCorpus.Build(Graph);
    }

    public AgentGraph Graph { get; }

    public IReadOnlyList<AgentUtterance> Utterances { get; }

    /// <summary>The speech hints for a node, through <see cref="ConversationEngine.GetHints"/> as the grain asks.</summary>
    public SpeechHints HintsAt(string node) => RecognitionHintsMapper.For(_agent.Engine, StateAt(node));

    /// <summary>The decision for <paramref name="transcript"/> at the utterance's node.</summary>
    public async Task<Decision> DecideAsync(AgentUtterance utterance, string transcript)
    {
        var state = StateAt(utterance.Node);
        var node = Graph.Node(utterance.Node);
        var request = new DecisionRequest(Graph, node, [.. Graph.CandidateRoutes(node)], DecisionInput.Speech(transcript), state);
        return await _decider.DecideAsync(request, CancellationToken.None);
    }

    /// <summary>True when the decision is the utterance's route with exactly its slot values.</summary>
    public static bool IsUnderstood(AgentUtterance utterance, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Route == utterance.Route
            && decision.Slots.Count == utterance.Slots.Count
            && utterance.Slots.All(s => decision.Slots.TryGetValue(s.Key, out var value) && value == s.Value);
    }

    private static ConversationState StateAt(string node)
    {
        var state = ConversationState.Create("speech-intent", "+15550100", runId: "speech-intent");
        state.Node = node;
        return state;
    }
}
