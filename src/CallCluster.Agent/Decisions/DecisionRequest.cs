using CallCluster.Agent.Engine;
using CallCluster.Agent.Graph;

namespace CallCluster.Agent.Decisions;

/// <summary>Everything a decider may look at: the node, the routes it may choose from, the input and the call so far.</summary>
public sealed record DecisionRequest(AgentGraph Graph, NodeDefinition Node, IReadOnlyList<RouteDefinition> Candidates, DecisionInput Input, ConversationState State);
