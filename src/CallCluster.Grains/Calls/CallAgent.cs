using CallCluster.Agent.Engine;
using CallCluster.Agent.Sandbox;

namespace CallCluster.Grains.Calls;

/// <summary>
/// The agent a silo's call grains run: the conversation engine (graph, decider, tools) and, where the tools write to
/// a sandbox, its store, whose rows for the call go into the evidence as the final record state.
/// </summary>
public sealed class CallAgent(ConversationEngine engine, ISandboxStore? store = null)
{
    /// <summary>The engine; stateless per call (the call's state is a <see cref="ConversationState"/>).</summary>
    public ConversationEngine Engine { get; } = engine ?? throw new ArgumentNullException(nameof(engine));

    /// <summary>The sandbox the tools write to, if any.</summary>
    public ISandboxStore? Store { get; } = store;

    /// <summary>The agent version: the hash of the graph configuration.</summary>
    public string Version => Engine.Graph.Version;
}
