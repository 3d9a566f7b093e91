using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using CallCluster.Agent.Engine;
using CallCluster.Agent.Graph;
using CallCluster.Agent.Simulation;

namespace CallCluster.Host.Commands;

/// <summary>
/// <c>callcluster simulate FILE</c>: runs an agent graph with typed turns against the in-memory sandbox and
/// prints each turn's node path, decision, tool calls, slots and response. Scripted with --say/--dtmf (in the
/// order given), interactive otherwise; --save-test writes the session as a regression case.
/// </summary>
internal static class SimulateCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The agent config (YAML) to run." };
        var say = new Option<string[]>("--say") { Description = "A caller utterance, one turn each; repeatable, kept in order with --dtmf. \"\" is a no-input turn. Default: none (interactive mode)." };
        var dtmf = new Option<string[]>("--dtmf") { Description = "Keypad digits typed as one turn (e.g. 123456#); repeatable. Default: none." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per turn instead of text. Default: false.", DefaultValueFactory = _ => false };
        var saveTest = new Option<FileInfo?>("--save-test") { Description = "Save the session as a regression case (YAML) at this path. Default: not saved." };
        var caller = new Option<string>("--caller") { Description = "The caller's number (used by opt-out and callbacks). Default: +15550100.", DefaultValueFactory = _ => "+15550100" };
        var now = new Option<DateTimeOffset?>("--now") { Description = "Clock for the session (ISO 8601), so dates like 'tomorrow' are reproducible. Default: the current time." };
        var command = new Command("simulate", "Run an agent graph in the terminal with typed turns (text simulator).") { file, say, dtmf, json, saveTest, caller, now };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = Path.GetRelativePath(Environment.CurrentDirectory, parseResult.GetValue(file)!.FullName);
            AgentGraph graph;
            try
            {
                graph = AgentConfigLoader.LoadFile(path);
            }
            catch (AgentConfigException e)
            {
                foreach (var error in e.Errors)
                {
                    Console.Error.WriteLine(error);
                }

                return 1;
            }

            var clock = parseResult.GetValue(now) ?? DateTimeOffset.UtcNow;
            var agent = SandboxAgent.Create(graph, new FixedClock(clock));
            var state = ConversationState.Create("sim-" + Guid.NewGuid().ToString("N")[..12], parseResult.GetValue(caller));
            var session = new SimulatorSession(agent, state, path, clock);
            var asJson = parseResult.GetValue(json);
            var scripted = ScriptedTurns(parseResult).ToList();

            Print(new SessionTurn { Start = true }, await session.RunAsync(new SessionTurn { Start = true }, cancellationToken), asJson, state);
            var inputs = scripted.Count > 0 ? scripted : Interactive(state);
            foreach (var input in inputs)
            {
                if (state.Ended)
                {
                    break;
                }

                Print(input, await session.RunAsync(input, cancellationToken), asJson, state);
            }

            if (parseResult.GetValue(saveTest) is { } target)
            {
                session.Save(target.FullName);
                Console.Error.WriteLine($"saved {target.FullName}");
            }

            return 0;
        });
        return command;
    }

    /// <summary>--say and --dtmf turns in the order they were written on the command line.</summary>
    private static IEnumerable<SessionTurn> ScriptedTurns(ParseResult parseResult)
    {
        var tokens = parseResult.Tokens;
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i].Type != TokenType.Option)
            {
                continue;
            }

            var value = tokens[i + 1].Value;
            switch (tokens[i].Value)
            {
                case "--say":
                    yield return value.Trim().Length == 0 ? new SessionTurn { NoInput = true } : new SessionTurn { Say = value };
                    break;
                case "--dtmf":
                    yield return new SessionTurn { Dtmf = value };
                    break;
            }
        }
    }

    private static IEnumerable<SessionTurn> Interactive(ConversationState state)
    {
        Console.Error.WriteLine("Type what the caller says. '#123' types keypad digits, an empty line is silence, /quit stops.");
        while (!state.Ended)
        {
            Console.Error.Write("> ");
            var line = Console.ReadLine();
            if (line is null || line.Trim() == "/quit")
            {
                yield break;
            }

            line = line.Trim();
            yield return line.Length == 0 ? new SessionTurn { NoInput = true }
                : line.StartsWith('#') ? new SessionTurn { Dtmf = line[1..] }
                : new SessionTurn { Say = line };
        }
    }

    private static void Print(SessionTurn input, AgentTurn turn, bool asJson, ConversationState state)
    {
        if (asJson)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new { input = input.Describe(), turn.Node, turn.Path, turn.Decision, turn.ToolCalls, turn.Slots, turn.Response, turn.Ended, turn.Disposition, turn.TransferTarget, state.TurnCount }, Json));
            return;
        }

        var output = Console.Out;
        output.WriteLine($"[turn {state.TurnCount}] {input.Describe()}");
        if (turn.Decision is { } decision)
        {
            var fallback = decision.FallbackReason is null ? string.Empty : $", fallback: {decision.FallbackReason}";
            output.WriteLine($"  decision: {decision.Route ?? "(no match)"} ({decision.Source}, {decision.Reason}, {decision.Score.ToString("0.00", CultureInfo.InvariantCulture)}{fallback})");
        }

        output.WriteLine($"  path: {string.Join(" → ", turn.Path)}{(turn.Path.Count == 0 ? turn.Node : string.Empty)}");
        foreach (var call in turn.ToolCalls)
        {
            output.WriteLine($"  tool: {call.Tool} {JsonSerializer.Serialize(call.Arguments)} → {call.Outcome} {JsonSerializer.Serialize(call.Result)}{(call.Replayed ? " (replayed from ledger)" : string.Empty)}{(call.Error is null ? string.Empty : " error: " + call.Error)}");
        }

        if (turn.Slots.Count > 0)
        {
            output.WriteLine($"  slots: {string.Join(", ", turn.Slots.Select(s => $"{s.Key}={s.Value}"))}");
        }

        output.WriteLine($"  agent: {turn.Response}");
        if (turn.Ended)
        {
            output.WriteLine($"  ended: {turn.Disposition}{(turn.TransferRequested ? $" (transfer to {turn.TransferTarget})" : string.Empty)}");
        }
    }
}
