using BenchmarkDotNet.Attributes;
using CallCluster.Agent.Engine;
using CallCluster.Agent.Simulation;

namespace CallCluster.Agent.Benchmarks;

/// <summary>
/// One whole <see cref="ConversationEngine.HandleUtteranceAsync"/> turn per operation on the default agent, wired
/// by <see cref="SandboxAgent.Create"/> against the in-memory sandbox store. The call state is rewound to the
/// node before each turn (clearing rather than reallocating), so every operation is the same turn.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LatencyConfig))]
public class ConversationTurnBenchmarks
{
    private ConversationEngine engine = null!;
    private ConversationState state = null!;

    [GlobalSetup]
    public void Setup()
    {
        engine = SandboxAgent.Create(DefaultAgent.Load(), new FixedClock(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero))).Engine;
        state = ConversationState.Create("bench-call", "+15550100", runId: "bench-run");

        // Each turn must go where its name claims, or the table would compare the wrong things.
        Expect(MenuToAskOrderNumber().GetAwaiter().GetResult(), "ask_order_number", tools: 0);
        Expect(OrderLookupBySpokenDigits().GetAwaiter().GetResult(), "anything_else", tools: 1);
    }

    /// <summary>Keyword decision, then entering a node that speaks and waits: the common turn.</summary>
    [Benchmark]
    public Task<AgentTurn> MenuToAskOrderNumber()
    {
        Rewind("menu");
        return engine.HandleUtteranceAsync(state, "where is my order");
    }

    /// <summary>Spoken-digit slot, the lookup_order tool on the sandbox store, and a templated answer.</summary>
    [Benchmark]
    public Task<AgentTurn> OrderLookupBySpokenDigits()
    {
        Rewind("ask_order_number");
        return engine.HandleUtteranceAsync(state, "it's one two three four five six");
    }

    private void Rewind(string node)
    {
        state.Node = node;
        state.Retries = 0;
        state.Slots.Clear();
        state.Results.Clear();
        state.Ledger.Clear();
        state.Transcript.Clear();
    }

    private static void Expect(AgentTurn turn, string node, int tools)
    {
        if (!string.Equals(turn.Node, node, StringComparison.Ordinal) || turn.ToolCalls.Count != tools || turn.ToolCalls.Any(c => c.Outcome != "ok"))
        {
            throw new InvalidOperationException($"expected the turn to rest at {node} after {tools} ok tool call(s), got {turn.Node}: {turn.Response}");
        }
    }
}
