using System.Text;

namespace CallCluster.Agent.Graph;

/// <summary>
/// Renders a graph as a Mermaid flowchart for review: nodes (terminal ones with their disposition),
/// route edges labelled by the tool that fires them, action outcomes, automatic transitions, escalations
/// (dotted) and the global tools (from a "any node" box).
/// </summary>
public static class MermaidExporter
{
    public static string Export(AgentGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var ids = graph.Nodes.Keys.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => $"n{p.i}", StringComparer.Ordinal);
        var output = new StringBuilder();
        output.AppendLine("flowchart TD");
        output.AppendLine($"  %% {graph.Name} version {graph.Version}");
        output.AppendLine($"  start((start)) --> {ids[graph.Start]}");
        foreach (var node in graph.Nodes.Values)
        {
            var label = Escape(node.Id);
            if (node.Action is { } action)
            {
                output.AppendLine($"  {ids[node.Id]}[[\"{label}<br/>tool: {Escape(action.Tool)}\"]]");
            }
            else if (node.IsTerminal)
            {
                var what = node.Transfer is { } queue ? $"transfer: {Escape(queue)}" : "end";
                output.AppendLine($"  {ids[node.Id]}([\"{label}<br/>{what}<br/>{Escape(node.Disposition ?? string.Empty)}\"])");
            }
            else
            {
                output.AppendLine($"  {ids[node.Id]}[\"{label}\"]");
            }
        }

        foreach (var node in graph.Nodes.Values)
        {
            var from = ids[node.Id];
            foreach (var route in node.Routes)
            {
                output.AppendLine($"  {from} -->|{Escape(route.Name)}| {ids[route.Next.Target]}");
            }

            foreach (var (outcome, target) in node.Action?.Outcomes ?? new Dictionary<string, NodeReference>(StringComparer.Ordinal))
            {
                output.AppendLine($"  {from} -->|{Escape(outcome)}| {ids[target.Target]}");
            }

            if (node.Next is { } next)
            {
                output.AppendLine($"  {from} --> {ids[next.Target]}");
            }

            if (node.Routes.Count > 0 && graph.EscalationTarget(node) is { } escalation && node.OnExhausted is not null)
            {
                output.AppendLine($"  {from} -.->|retries exhausted| {ids[escalation]}");
            }
        }

        if (graph.GlobalRoutes.Count > 0)
        {
            output.AppendLine("  globals{{\"any node\"}}");
            foreach (var route in graph.GlobalRoutes)
            {
                output.AppendLine($"  globals -->|{Escape(route.Name)}| {ids[route.Next.Target]}");
            }
        }

        if (graph.Defaults.OnExhausted is { } fallback)
        {
            output.AppendLine($"  globals -.->|retries exhausted| {ids[fallback.Target]}");
        }

        return output.ToString();
    }

    private static string Escape(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal).Replace("|", "#124;", StringComparison.Ordinal);
}
