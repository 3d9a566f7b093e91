using CallCluster.Agent.Decisions;
using CallCluster.Agent.Engine;
using CallCluster.Agent.Graph;
using CallCluster.Agent.Sandbox;
using CallCluster.Agent.Slots;
using CallCluster.Agent.Tools;

namespace CallCluster.Agent.Simulation;

/// <summary>
/// Wires an engine for a graph against the sandbox store (in memory unless one is given) with the rules
/// decider: what the simulator, the session replays and the unit tests run.
/// </summary>
public sealed class SandboxAgent
{
    private SandboxAgent(ConversationEngine engine, ISandboxStore store, InMemoryToolAuditSink audit)
    {
        Engine = engine;
        Store = store;
        Audit = audit;
    }

    public ConversationEngine Engine { get; }

    public ISandboxStore Store { get; }

    public InMemoryToolAuditSink Audit { get; }

    public static SandboxAgent Create(AgentGraph graph, TimeProvider time, ISandboxStore? store = null, IDecider? decider = null, IEnumerable<IToolBackend>? otherBackends = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        store ??= new InMemorySandboxStore(graph.FixturesFile is { } file ? SandboxFixtures.LoadFile(file) : new SandboxFixtures());
        var audit = new InMemoryToolAuditSink();
        var backends = new List<IToolBackend> { new SandboxToolBackend(store, time) };
        backends.AddRange(otherBackends ?? []);
        var tools = new ToolExecutor(backends, audit, time);
        var engine = new ConversationEngine(graph, decider ?? new RulesDecider(new SlotExtractor(time)), tools, time);
        return new SandboxAgent(engine, store, audit);
    }
}
