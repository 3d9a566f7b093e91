using BenchmarkDotNet.Attributes;
using CallCluster.Agent.Decisions;
using CallCluster.Agent.Engine;
using CallCluster.Agent.Graph;
using CallCluster.Agent.Slots;
using CallCluster.Agent.Simulation;

namespace CallCluster.Agent.Benchmarks;

/// <summary>
/// One <see cref="RulesDecider.Decide"/> call per operation on typical utterances at default-agent nodes. The
/// requests are built once, as the engine builds them per turn, so only the decision itself is measured.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LatencyConfig))]
public class RulesDeciderBenchmarks
{
    private RulesDecider decider = null!;
    private DecisionRequest keyword = null!;
    private DecisionRequest fuzzyExample = null!;
    private DecisionRequest spokenDigits = null!;
    private DecisionRequest noMatch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var graph = DefaultAgent.Load();
        decider = new RulesDecider(new SlotExtractor(new FixedClock(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero))));
        keyword = Request(graph, "menu", "hi, I'd like to track my package please");
        fuzzyExample = Request(graph, "menu", "has my package been shipped yet");
        spokenDigits = Request(graph, "ask_order_number", "yeah it's one two three four five six");
        noMatch = Request(graph, "menu", "what's the weather going to be like tomorrow");

        // Each case must take the path its name claims, or the table would compare the wrong things.
        Expect(keyword, "order_status", "keyword");
        Expect(fuzzyExample, "order_status", "example");
        Expect(spokenDigits, "give_order_number", "slots");
        Expect(noMatch, null, "no route matched");
    }

    [Benchmark]
    public Decision KeywordHit() => decider.Decide(keyword);

    [Benchmark]
    public Decision FuzzyExampleMatch() => decider.Decide(fuzzyExample);

    [Benchmark]
    public Decision OrderNumberInSpokenDigits() => decider.Decide(spokenDigits);

    [Benchmark]
    public Decision NoMatch() => decider.Decide(noMatch);

    private static DecisionRequest Request(AgentGraph graph, string nodeId, string text)
    {
        var node = graph.Node(nodeId);
        var state = ConversationState.Create("bench-call");
        state.Node = nodeId;
        return new DecisionRequest(graph, node, graph.CandidateRoutes(node).ToList(), DecisionInput.Speech(text), state);
    }

    private void Expect(DecisionRequest request, string? route, string reasonStart)
    {
        var decision = decider.Decide(request);
        if (!string.Equals(decision.Route, route, StringComparison.Ordinal) || !decision.Reason.StartsWith(reasonStart, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"'{request.Input}' at {request.Node.Id}: expected {route ?? "no match"} by {reasonStart}, got {decision.Route ?? "no match"} ({decision.Reason})");
        }
    }
}
