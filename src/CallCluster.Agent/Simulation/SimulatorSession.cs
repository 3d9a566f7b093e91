using System.Globalization;
using CallCluster.Agent.Engine;

namespace CallCluster.Agent.Simulation;

/// <summary>
/// Drives an engine from typed turns, as the text simulator does, and records the session so it can be
/// saved as a regression case whose expectations are what actually happened.
/// </summary>
public sealed class SimulatorSession(SandboxAgent agent, ConversationState state, string agentPath, DateTimeOffset now)
{
    private readonly SessionCase _case = new() { Agent = agentPath, Caller = state.CallerNumber, Now = now.ToString("O", CultureInfo.InvariantCulture) };

    public ConversationState State { get; } = state;

    public SandboxAgent Agent { get; } = agent;

    public async Task<AgentTurn> RunAsync(SessionTurn input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var engine = Agent.Engine;
        var turn = input switch
        {
            { Start: true } => await engine.StartAsync(State, cancellationToken),
            { Say: { } text } => await engine.HandleUtteranceAsync(State, text, cancellationToken),
            { Dtmf: { } digits } => await engine.HandleDtmfAsync(State, digits, cancellationToken),
            _ => await engine.HandleNoInputAsync(State, cancellationToken),
        };
        _case.Turns.Add(new SessionTurn { Start = input.Start, Say = input.Say, Dtmf = input.Dtmf, NoInput = input.NoInput, Expect = Expectation(turn) });
        return turn;
    }

    /// <summary>Writes the session with the agent path made relative to the session file.</summary>
    public void Save(string path)
    {
        var relative = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFullPath(_case.Agent));
        var copy = new SessionCase { Agent = relative.Replace('\\', '/'), Caller = _case.Caller, Now = _case.Now, Turns = _case.Turns };
        SessionFile.Save(copy, path);
    }

    private static SessionExpectation Expectation(AgentTurn turn) => new()
    {
        Node = turn.Node,
        Path = [.. turn.Path],
        Tools = turn.ToolCalls.Select(t => $"{t.Tool}:{t.Outcome}").ToList(),
        Ended = turn.Ended,
        Disposition = turn.Disposition,
        ResponseContains = FirstSentence(turn.Response),
    };

    private static string? FirstSentence(string response)
    {
        if (response.Length == 0)
        {
            return null;
        }

        var end = response.IndexOfAny(['.', '?', '!']);
        return end > 0 ? response[..end] : response;
    }
}
