using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallCluster.Host.Hosting;
using CallCluster.Load.Failover;

namespace CallCluster.Host.Commands;

/// <summary>
/// <c>callcluster bench failover</c>: issue 5's failover acceptance as a benchmark. Two silo processes and an edge
/// process of this executable on a fresh PostgreSQL database, N scripted refund calls over SIP, SIGKILL to the silo
/// holding the most of them mid-conversation; prints the gap in agent audio, finished calls, lost turns and duplicate
/// writes, and exits 1 when an acceptance condition fails.
/// </summary>
internal static class BenchFailoverCommand
{
    private const string ServerVariable = "CALLCLUSTER_TEST_POSTGRES";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Command Create()
    {
        var calls = new Option<int>("--calls")
        {
            Description = "Concurrent scripted calls (refund with identity check); about half land on the silo that is killed.",
            DefaultValueFactory = _ => 20,
        };
        calls.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 2 or > RefundScript.MaxCalls)
            {
                result.AddError($"--calls must be 2 to {RefundScript.MaxCalls}: both silos should hold calls, and each call refunds an order of its own.");
            }
        });
        var postgres = new Option<string?>("--postgres")
        {
            Description = $"Connection string of the PostgreSQL server; the run creates a database there and drops it afterwards. [default: ${ServerVariable}]",
        };
        var agent = NodeOptions.Agent();
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON on stdout (progress goes to stderr). [default: False]" };
        var command = new Command("failover", "Kill -9 a silo mid-conversation under N concurrent SIP calls: gap in agent audio, finished scripts, lost turns, duplicate tool writes.")
        {
            calls, postgres, agent, json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(calls),
            parse.GetValue(postgres) ?? Environment.GetEnvironmentVariable(ServerVariable),
            parse.GetValue(agent)!,
            parse.GetValue(json),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int calls, string? server, FileInfo agent, bool json, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(server))
        {
            await Console.Error.WriteLineAsync($"No PostgreSQL server: pass --postgres, or set {ServerVariable} (`. scripts/setup.sh` starts one and sets it).");
            return 2;
        }

        if (!agent.Exists)
        {
            await Console.Error.WriteLineAsync($"The agent file {agent.FullName} does not exist.");
            return 2;
        }

        var options = new FailoverOptions
        {
            Launch = NodeLaunch.OfCurrentProcess(),
            ConnectionString = server,
            AgentFile = agent.FullName,
            Calls = calls,
            Progress = json ? Console.Error : Console.Out,
        };

        var (report, exitCode) = await BenchCommand.RunReportingFailuresAsync(
            () => FailoverDriver.RunAsync(options, cancellationToken),
            "Cancelled; every node process was stopped and the database dropped.",
            e => $"The failover run failed ({e.GetType().Name}): {e.Message} (node logs in {options.WorkingDirectory})",
            cancellationToken);
        if (report is null)
        {
            return exitCode;
        }

        await Console.Out.WriteLineAsync(json ? JsonSerializer.Serialize(report, Json) : Render(report));
        return report.Problems.Count == 0 ? 0 : 1;
    }

    private static string Render(FailoverReport r)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"Failover: {r.Calls} calls, kill -9 {r.KilledSilo} holding {r.CallsOnKilledSilo} at {r.KillAfterSeconds:0.0} s; {r.Processors} cores, load average {r.LoadAverageAtKill:0.0} at the kill\n");
        text.Append(c, $"Gap in agent audio (calls that failed over): p50 {r.GapP50Ms:0} ms, p95 {r.GapP95Ms:0} ms (target ≤ {FailoverReport.GapP95TargetMs:0}), max {r.GapMaxMs:0} ms\n");
        text.Append(c, $"Calls finished {r.CallsFinished}/{r.Calls}, turns lost {r.TurnsLost}, duplicate writes {r.DuplicateWrites}, missing writes {r.MissingWrites}, repeated write attempts {r.RepeatedWriteAttempts}\n");
        foreach (var problem in r.Problems)
        {
            text.Append("PROBLEM: ").Append(problem).Append('\n');
        }

        return text.ToString();
    }
}
