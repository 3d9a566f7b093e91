using CallCluster.Agent.Engine;
using CallCluster.Agent.Graph;

namespace CallCluster.Agent.Simulation;

/// <summary>Replays a saved session against the current graph and reports every expectation it breaks.</summary>
public static class SessionReplayer
{
    public static async Task<IReadOnlyList<string>> ReplayAsync(string sessionPath, CancellationToken cancellationToken = default)
    {
        var session = SessionFile.Load(sessionPath);
        var agentPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(sessionPath))!, session.Agent));
        var graph = AgentConfigLoader.LoadFile(agentPath);
        var agent = SandboxAgent.Create(graph, new FixedClock(session.Clock));
        var runner = new SimulatorSession(agent, ConversationState.Create("replay-" + Guid.NewGuid().ToString("N"), session.Caller), agentPath, session.Clock);
        var failures = new List<string>();
        for (var i = 0; i < session.Turns.Count; i++)
        {
            var input = session.Turns[i];
            var turn = await runner.RunAsync(input, cancellationToken);
            Compare($"turn {i + 1} ({input.Describe()})", input.Expect, turn, failures);
        }

        return failures;
    }

    private static void Compare(string where, SessionExpectation expect, AgentTurn turn, List<string> failures)
    {
        void Check(bool ok, string what, object? expected, object? actual)
        {
            if (!ok)
            {
                failures.Add($"{where}: {what} expected {expected ?? "null"}, got {actual ?? "null"}");
            }
        }

        if (expect.Node is not null)
        {
            Check(expect.Node == turn.Node, "node", expect.Node, turn.Node);
        }

        if (expect.Path is not null)
        {
            Check(expect.Path.SequenceEqual(turn.Path, StringComparer.Ordinal), "path", string.Join(" → ", expect.Path), string.Join(" → ", turn.Path));
        }

        if (expect.Tools is not null)
        {
            var actual = turn.ToolCalls.Select(t => $"{t.Tool}:{t.Outcome}").ToList();
            Check(expect.Tools.SequenceEqual(actual, StringComparer.Ordinal), "tools", string.Join(", ", expect.Tools), string.Join(", ", actual));
        }

        foreach (var (slot, value) in expect.Slots ?? [])
        {
            Check(turn.Slots.GetValueOrDefault(slot) == value, $"slot {slot}", value, turn.Slots.GetValueOrDefault(slot));
        }

        if (expect.Ended is { } ended)
        {
            Check(ended == turn.Ended, "ended", ended, turn.Ended);
        }

        if (expect.Disposition is not null || expect.Ended == true)
        {
            Check(expect.Disposition == turn.Disposition, "disposition", expect.Disposition, turn.Disposition);
        }

        if (expect.ResponseContains is { } words)
        {
            Check(turn.Response.Contains(words, StringComparison.OrdinalIgnoreCase), "response containing", $"'{words}'", $"'{turn.Response}'");
        }
    }
}
