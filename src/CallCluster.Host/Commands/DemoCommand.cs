using System.CommandLine;
using System.Text.Json;
using CallCluster.Agent.Graph;
using CallCluster.Edge.Playout;
using CallCluster.Grains.Evidence;
using CallCluster.Host.Hosting;
using CallCluster.Load.Calls;
using CallCluster.Load.Calls.Sip;
using CallCluster.Load.Calls.Reporting;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;
using CallCluster.Speech.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace CallCluster.Host.Commands;

/// <summary>
/// <c>callcluster demo</c>: starts the one-process cluster, places scripted voice calls across the default agent's paths
/// (real synthesized speech in, real recognition on both sides, the real call grain through the runtime's transport),
/// and checks each call against the disposition the agent recorded in its evidence package.
/// </summary>
internal static partial class DemoCommand
{
    /// <summary>A scripted call is a minute of conversation at most; three leave room for a loaded machine.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The grain writes the evidence package as the call ends; this bounds the wait for it.</summary>
    private static readonly TimeSpan EvidenceTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The caller waits 2 s of agent silence before it speaks (the driver's default is 0.8 s): caller and agent share
    /// this process's cores, and on a loaded machine the agent's pause between two synthesized sentences can pass 0.8 s,
    /// so the caller would talk over the rest of the agent's turn.
    /// </summary>
    private static readonly ScriptedCallerOptions CallerOptions = new() { EndOfTurnSilence = TimeSpan.FromSeconds(2) };

    /// <summary>The callers' SDP offer: wideband first, as a softphone would; digits go as RFC 4733 events.</summary>
    private static readonly AudioCodec[] Codecs = [AudioCodec.G722, AudioCodec.L16, AudioCodec.Opus];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var calls = new Option<int>("--calls")
        {
            Description = $"Scripted calls to place; they cycle through the agent's paths ({string.Join(", ", Scenarios.Select(s => s.Name))}).",
            DefaultValueFactory = _ => Scenarios.Length,
        };
        calls.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--calls must be at least 1.");
            }
        });
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "Calls in flight at once. Each call runs speech synthesis and recognition on both sides (caller and agent in this one process), so more than one per two cores slows every turn.",
            DefaultValueFactory = _ => 1,
        };
        concurrency.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--concurrency must be at least 1.");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print the outcomes and latency percentiles as JSON on stdout (no live progress). [default: False]" };
        var agent = NodeOptions.Agent();
        var evidence = NodeOptions.Evidence();
        var command = new Command("demo", "Start a one-process cluster and place scripted voice calls through the default agent; exits 1 if any call fails its script.")
        {
            calls, concurrency, json, agent, evidence,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(calls), parse.GetValue(concurrency), parse.GetValue(json), parse.GetValue(agent)!, parse.GetValue(evidence)!, cancellationToken));
        return command;
    }

    /// <summary>
    /// Where the default agent's transfer queues go on the demo's edge. Any SIP URI will do: the blind transfer's REFER
    /// goes to the scripted caller's phone, which reports the transfer done, so a "human" call ends transferred.
    /// </summary>
    private static readonly Dictionary<string, string?> TransferQueues = new(StringComparer.Ordinal)
    {
        ["Sip:TransferTargets:support"] = "sip:support@127.0.0.1",
        ["Sip:TransferTargets:safety"] = "sip:safety@127.0.0.1",
    };

    private static async Task<int> RunAsync(int calls, int concurrency, bool json, FileInfo agent, DirectoryInfo evidence, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = EmbeddedStack.Build(agent, evidence, TransferQueues);
        }
        catch (AgentConfigException e)
        {
            foreach (var error in e.Errors)
            {
                await Console.Error.WriteLineAsync(error.ToString());
            }

            return 1;
        }

        List<DemoCall> results;
        await using (app)
        {
            await app.StartAsync(cancellationToken);
            var services = app.Services;
            var dialer = new Dialer(
                EmbeddedStack.SipTarget(services),
                services.GetRequiredService<PlayoutScheduler>(),
                services.GetRequiredService<ITextToSpeech>(),
                services.GetRequiredService<ISpeechToText>(),
                services.GetRequiredService<EvidenceStore>());
            results = json
                ? await PlaceAllAsync(calls, concurrency, dialer, (_, _) => { }, cancellationToken)
                : await PlaceWithProgressAsync(calls, concurrency, dialer, cancellationToken);
            await app.StopAsync(CancellationToken.None);
        }

        var summary = LatencySummary.From(results.SelectMany(r => r.ResponseLatenciesMs));
        var passed = results.Count(r => r.Passed);
        if (json)
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new DemoReport(results.Count, passed, results.Count - passed, summary, results), Json));
        }
        else
        {
            PrintTable(results, summary);
        }

        return passed == results.Count ? 0 : 1;
    }

    private static async Task<List<DemoCall>> PlaceWithProgressAsync(int calls, int concurrency, Dialer dialer, CancellationToken cancellationToken)
    {
        List<DemoCall> results = [];
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var overall = context.AddTask($"[bold]{calls} calls[/]", maxValue: calls);
                var rows = new Dictionary<int, ProgressTask>();
                results = await PlaceAllAsync(calls, concurrency, dialer, (number, result) =>
                {
                    lock (rows)
                    {
                        if (result is null)
                        {
                            rows[number] = context.AddTask(Markup.Escape($"#{number} {Scenarios[(number - 1) % Scenarios.Length].Name}"), maxValue: 1);
                            rows[number].IsIndeterminate = true;
                            return;
                        }

                        var row = rows[number];
                        row.Description = (result.Passed ? "[green]✓[/] " : "[red]✗[/] ") + Markup.Escape($"#{number} {result.Scenario} → {result.Disposition ?? "?"}");
                        row.IsIndeterminate = false;
                        row.Increment(1);
                        overall.Increment(1);
                    }
                }, cancellationToken);
            });
        return results;
    }

    private static async Task<List<DemoCall>> PlaceAllAsync(int calls, int concurrency, Dialer dialer, Action<int, DemoCall?> progress, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(concurrency);
        var tasks = Enumerable.Range(1, calls).Select(async number =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                progress(number, null);
                var result = await dialer.PlaceAsync(number, Scenarios[(number - 1) % Scenarios.Length], cancellationToken);
                progress(number, result);
                return result;
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        return [.. await Task.WhenAll(tasks)];
    }

    private static void PrintTable(List<DemoCall> results, LatencySummary summary)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("#", "scenario", "call", "agent disposition", "expected", "caller", "turns", "result");
        foreach (var r in results)
        {
            table.AddRow(
                r.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(r.Scenario),
                Markup.Escape(r.CallId),
                Markup.Escape(r.Disposition ?? "-"),
                Markup.Escape(r.ExpectedDisposition),
                Markup.Escape(r.CallerOutcome),
                r.Turns.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.Passed ? "[green]pass[/]" : "[red]" + Markup.Escape(r.Failure!) + "[/]");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape(summary.ToString()));
        AnsiConsole.MarkupLine(Markup.Escape("evidence: callcluster evidence CALL_ID"));
    }

    /// <summary>Places one scripted call over SIP to the cluster's edge, from a SIP caller leg of its own, and judges it.</summary>
    private sealed class Dialer(SipUri target, PlayoutScheduler scheduler, ITextToSpeech tts, ISpeechToText stt, EvidenceStore evidence)
    {
        public async Task<DemoCall> PlaceAsync(int number, Scenario scenario, CancellationToken cancellationToken)
        {
            var caller = new ScriptedCaller(scenario.Script, tts, stt, CallerOptions);
            var report = await SipCallerLeg.CallAsync(caller, target, Codecs, scheduler, recording: null, CallTimeout, cancellationToken: cancellationToken);
            if (report.Disposition == CallDisposition.NotConnected)
            {
                return new DemoCall(number, scenario.Name, "-", scenario.ExpectedDisposition, null, "not connected", 0, [], report.EndReason);
            }

            var latencies = report.Turns.Where(t => t.ResponseLatency is not null).Select(t => t.ResponseLatency!.Value.TotalMilliseconds).ToList();
            var disposition = await ReadDispositionAsync(report.CallId, cancellationToken);
            var failure = report.Disposition is not (CallDisposition.Completed or CallDisposition.AgentHungUp)
                ? $"caller: {report.Disposition} ({report.EndReason})"
                : disposition is null
                    ? "no evidence package"
                    : disposition != scenario.ExpectedDisposition
                        ? $"agent recorded {disposition}"
                        : null;
            return new DemoCall(number, scenario.Name, report.CallId, scenario.ExpectedDisposition, disposition, report.Disposition.ToString(), report.Turns.Count, latencies, failure);
        }

        private async Task<string?> ReadDispositionAsync(string callId, CancellationToken cancellationToken)
        {
            // The package is written by the grain as its call ends, in another part of the process: poll the file.
            var path = Path.Combine(evidence.PackagePath(callId), EvidenceStore.CallFile);
            var deadline = DateTimeOffset.UtcNow + EvidenceTimeout;
            while (!File.Exists(path))
            {
                if (DateTimeOffset.UtcNow > deadline)
                {
                    return null;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }

            return (await evidence.ReadAsync(callId, cancellationToken)).Disposition;
        }
    }
}
