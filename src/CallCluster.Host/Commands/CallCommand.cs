using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net.Sockets;
using CallCluster.Load.Calls;
using CallCluster.Load.Calls.Reporting;
using CallCluster.Speech.Abstractions;

namespace CallCluster.Host.Commands;

/// <summary>
/// <c>callcluster call TARGET --say "…" [--dtmf 12#] [--silence 3000] [--barge-in 500 --say "…"]… [--json]</c>: a
/// synthetic voice caller that proves an agent is ready by calling it. Turns run in the order given on the command line.
/// </summary>
public static class CallCommand
{
    private static readonly Argument<string> Target = new("target")
    {
        Description = "Where to call: a SIP URI (sip:agent@10.0.0.5:5080), or loopback:echo for a self-test that hears its own voice back.",
    };

    private static readonly Option<string[]> Say = new("--say")
    {
        Description = "A turn: speak this line once the agent has finished its turn. Repeatable. [default: none]",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static readonly Option<string[]> Dtmf = new("--dtmf")
    {
        Description = "A turn: press these keypad digits (0-9 * # A-D), e.g. 4512#. Repeatable. [default: none]",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static readonly Option<int[]> Silence = new("--silence")
    {
        Description = "A turn: say nothing and give the agent this many milliseconds to speak up (a reprompt). Repeatable. [default: none]",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static readonly Option<int[]> BargeIn = new("--barge-in")
    {
        Description = "Makes the next --say interrupt the agent this many milliseconds into its turn. [default: none, wait for the agent to finish]",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static readonly Option<string[]> Expect = new("--expect")
    {
        Description = "A phrase the agent may say; with phrases, recognition uses a grammar and is far more accurate than free text. Repeatable. [default: none, free text]",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static readonly Option<string> Codec = new("--codec")
    {
        Description = "Codec preference for a SIP call, best first.",
        DefaultValueFactory = _ => "opus,G722,L16,PCMU,PCMA",
    };

    private static readonly Option<FileInfo?> Record = new("--record")
    {
        Description = "Record the call to this stereo WAV file (caller left, agent right). [default: none, not recorded]",
    };

    private static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the report as JSON (times in milliseconds) instead of a table. [default: off, a table]",
        DefaultValueFactory = _ => false,
    };

    private static readonly Option<int> EndOfTurn = new("--end-of-turn")
    {
        Description = "Milliseconds of silence after the agent's speech before the caller takes its turn.",
        DefaultValueFactory = _ => (int)new ScriptedCallerOptions().EndOfTurnSilence.TotalMilliseconds,
    };

    private static readonly Option<int> ResponseTimeout = new("--response-timeout")
    {
        Description = "Milliseconds to wait for the agent to start speaking before recording no answer and going on.",
        DefaultValueFactory = _ => (int)new ScriptedCallerOptions().AgentResponseTimeout.TotalMilliseconds,
    };

    private static readonly Option<bool> NoGreeting = new("--no-greeting")
    {
        Description = "Speak first instead of waiting for the agent's greeting. [default: off, wait for the greeting]",
        DefaultValueFactory = _ => false,
    };

    private static readonly Option<int> MaxDuration = new("--max-duration")
    {
        Description = "Seconds after which the caller hangs up whatever the script says.",
        DefaultValueFactory = _ => (int)new ScriptedCallerOptions().MaxCallDuration.TotalSeconds,
    };

    private static readonly HashSet<string> TurnOptions = new(StringComparer.Ordinal) { "--say", "--dtmf", "--silence", "--barge-in" };

    public static Command Create()
    {
        var command = new Command("call", "Call an agent as a synthetic caller: speak scripted turns, transcribe the agent, report latency per turn.")
        {
            Target, Say, Dtmf, Silence, BargeIn, Expect, Codec, Record, Json, EndOfTurn, ResponseTimeout, NoGreeting, MaxDuration,
        };
        command.SetAction(RunAsync);
        return command;
    }

    /// <summary>The script in command-line order: --say, --dtmf and --silence each add a turn; --barge-in applies to the next --say.</summary>
    /// <exception cref="ArgumentException">A turn is malformed (an empty line, a non-DTMF digit, a dangling --barge-in).</exception>
    public static CallScript ReadScript(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var turns = new List<CallerTurn>();
        TimeSpan? bargeIn = null;
        var tokens = parseResult.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type != TokenType.Option || !TurnOptions.Contains(tokens[i].Value))
            {
                continue;
            }

            var name = tokens[i].Value;
            var value = i + 1 < tokens.Count ? tokens[++i].Value : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--say":
                    turns.Add(CallerTurn.Say(value, bargeIn));
                    bargeIn = null;
                    break;
                case "--dtmf":
                    turns.Add(CallerTurn.Dtmf(value));
                    break;
                case "--silence":
                    turns.Add(CallerTurn.SilenceFor(TimeSpan.FromMilliseconds(Milliseconds(name, value))));
                    break;
                default:
                    bargeIn = TimeSpan.FromMilliseconds(Milliseconds(name, value));
                    break;
            }
        }

        if (bargeIn is not null)
        {
            throw new ArgumentException("--barge-in applies to the --say after it, and none follows.");
        }

        return turns.Count > 0 ? new CallScript(turns) : throw new ArgumentException("Give at least one turn: --say, --dtmf or --silence.");
    }

    /// <summary>How the caller listens, from the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static ScriptedCallerOptions ReadOptions(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var phrases = parseResult.GetValue(Expect) ?? [];
        var options = new ScriptedCallerOptions
        {
            EndOfTurnSilence = TimeSpan.FromMilliseconds(parseResult.GetValue(EndOfTurn)),
            AgentResponseTimeout = TimeSpan.FromMilliseconds(parseResult.GetValue(ResponseTimeout)),
            WaitForGreeting = !parseResult.GetValue(NoGreeting),
            MaxCallDuration = TimeSpan.FromSeconds(parseResult.GetValue(MaxDuration)),
            Hints = phrases.Length == 0 ? RecognitionHints.None : new RecognitionHints { Phrases = phrases },
        };
        options.Validate();
        return options;
    }

    private static int Milliseconds(string option, string value) =>
        int.TryParse(value, out var ms) && ms > 0 ? ms : throw new ArgumentException($"{option} takes a positive number of milliseconds, not '{value}'.");

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        CallScript script;
        ScriptedCallerOptions options;
        CallCommandTarget target;
        try
        {
            script = ReadScript(parseResult);
            options = ReadOptions(parseResult);
            target = CallCommandTarget.Parse(parseResult.GetRequiredValue(Target), parseResult.GetValue(Codec)!);
        }
        catch (ArgumentException e)
        {
            // The parameter name ArgumentException appends means nothing on a command line.
            var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
            await error.WriteLineAsync($"callcluster call: {message}");
            return ExitCodes.BadInput;
        }

        CallReport report;
        try
        {
            report = await CallCommandRunner.RunAsync(target, script, options, parseResult.GetValue(Record)?.FullName, cancellationToken);
        }
        catch (SocketException e)
        {
            await error.WriteLineAsync($"callcluster call: cannot reach {target.Uri}: {e.Message}");
            return ExitCodes.Unreachable;
        }

        if (parseResult.GetValue(Json))
        {
            await output.WriteLineAsync(CallReportJson.Serialize(report));
        }
        else
        {
            CallCommandOutput.WriteTable(report, output);
        }

        return report.Disposition is CallDisposition.Completed or CallDisposition.AgentHungUp ? ExitCodes.Ok : ExitCodes.CallFailed;
    }

    /// <summary>The verb's exit codes.</summary>
    public static class ExitCodes
    {
        public const int Ok = 0;
        public const int CallFailed = 1;
        public const int BadInput = 2;
        public const int Unreachable = 3;
    }
}
