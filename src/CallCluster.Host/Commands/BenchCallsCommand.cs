using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallCluster.Agent.Graph;
using CallCluster.Grains.Evidence;
using CallCluster.Host.Hosting;
using CallCluster.Load.CallLatency;
using CallCluster.Speech.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCluster.Host.Commands;

/// <summary>
/// <c>callcluster bench calls</c>: starts the embedded stack (the same silo and SIP edge as <c>run</c> and <c>demo</c>,
/// in-memory store, default agent) and measures turn latency with K concurrent scripted callers over real SIP/RTP.
/// Code: loadtests/CallCluster.Load/CallLatency; figures and definitions: docs/benchmarks-calls.md.
/// </summary>
internal static class BenchCallsCommand
{
    /// <summary>The grain writes a call's package as the call ends; this bounds the wait for it.</summary>
    private static readonly TimeSpan EvidenceTimeout = TimeSpan.FromSeconds(15);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Command Create()
    {
        var concurrency = new Option<string>("--concurrency")
        {
            Description = "Comma-separated concurrency levels to report.",
            DefaultValueFactory = _ => "1,10,50",
        };
        concurrency.Validators.Add(r =>
        {
            if (ParseLevels(r.GetValueOrDefault<string>()) is null)
            {
                r.AddError("--concurrency is a comma-separated list of positive whole numbers, e.g. 1,10,50.");
            }
        });
        var duration = Span("--duration", "How long each level is measured, after its warm-in", CallLatencyOptions.DefaultLevelDuration, zeroAllowed: false);
        var warmIn = Span("--warm-in", "How long each level's calls run before anything is counted, so a level measures talking callers, not greetings", CallLatencyOptions.DefaultWarmIn, zeroAllowed: true);
        var rampUp = Span(
            "--ramp-up",
            "Each level's calls start one after another over this span, so that the callers talk at different points of each other's turns",
            CallLatencyOptions.DefaultRampUp,
            zeroAllowed: true);
        var noCapacity = new Option<bool>("--no-capacity")
        {
            Description = "Only the listed levels: skip stepping the concurrency up (1, 2, 4, 8, …) to find calls per core at p95 ≤ 800 ms. [default: False]",
        };
        var decoders = new Option<int>("--decoders")
        {
            Description = "Recognition decoders the agent may keep (utterances recognised at once).",
            DefaultValueFactory = _ => 16,
        };
        decoders.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--decoders must be at least 1.");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON on stdout (progress goes to stderr). [default: False]" };
        var agent = NodeOptions.Agent();
        var realtimePriority = NodeOptions.RealtimePriority();
        var command = new Command("calls", "Turn latency of whole calls over SIP on the embedded stack: end of caller speech → first agent audio at several "
            + "concurrency levels, the agent's per-turn breakdown and platform overhead, and calls per core.")
        {
            concurrency, duration, warmIn, rampUp, noCapacity, decoders, json, agent, realtimePriority,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            ParseLevels(parse.GetValue(concurrency))!,
            parse.GetValue(duration),
            parse.GetValue(warmIn),
            parse.GetValue(rampUp),
            !parse.GetValue(noCapacity),
            parse.GetValue(decoders),
            parse.GetValue(json),
            parse.GetValue(agent)!,
            parse.GetValue(realtimePriority),
            cancellationToken));
        return command;
    }

    private static Option<TimeSpan> Span(string name, string description, TimeSpan defaultValue, bool zeroAllowed)
    {
        var option = new Option<TimeSpan>(name) { Description = description + " (hh:mm:ss).", DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<TimeSpan>();
            if (value < TimeSpan.Zero || (value == TimeSpan.Zero && !zeroAllowed))
            {
                r.AddError(zeroAllowed ? $"{name} must not be negative." : $"{name} must be more than zero.");
            }
        });
        return option;
    }

    private static async Task<int> RunAsync(
        IReadOnlyList<int> levels, TimeSpan duration, TimeSpan warmIn, TimeSpan rampUp, bool findCapacity, int decoders, bool json, FileInfo agent, int realtimePriority, CancellationToken cancellationToken)
    {
        var progress = json ? Console.Error : Console.Out;
        var evidence = Directory.CreateTempSubdirectory("callcluster-bench-calls-");
        try
        {
            Microsoft.AspNetCore.Builder.WebApplication app;
            try
            {
                app = EmbeddedStack.Build(agent, evidence, new Dictionary<string, string?>
                {
                    ["Speech:PocketSphinx:MaxDecoders"] = decoders.ToString(CultureInfo.InvariantCulture),
                    ["Playout:RealtimePriority"] = realtimePriority.ToString(CultureInfo.InvariantCulture),
                });
            }
            catch (AgentConfigException e)
            {
                foreach (var error in e.Errors)
                {
                    await Console.Error.WriteLineAsync(error.ToString());
                }

                return 1;
            }

            CallLatencyReport report;
            await using (app)
            {
                await app.StartAsync(cancellationToken);

                // The host's console lifetime takes SIGTERM (and Ctrl+C) for itself and only signals ApplicationStopping.
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(
                    cancellationToken, app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
                var store = app.Services.GetRequiredService<EvidenceStore>();
                var options = new CallLatencyOptions
                {
                    Target = EmbeddedStack.SipTarget(app.Services),
                    GrainTurns = (callId, ct) => ReadTurnsAsync(store, callId, ct),
                    Levels = levels,
                    FindCapacity = findCapacity,
                    LevelDuration = duration,
                    WarmIn = warmIn,
                    RampUp = rampUp,
                    RealtimePriority = realtimePriority,
                    Progress = progress,
                };
                try
                {
                    report = await CallLatencyBenchmark.RunAsync(options, app.Services.GetRequiredService<ITextToSpeech>(), stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    await Console.Error.WriteLineAsync("The benchmark was stopped; no report.");
                    return 130;
                }
                catch (InvalidOperationException e)
                {
                    await Console.Error.WriteLineAsync($"The benchmark failed: {e.Message}");
                    return 1;
                }
                finally
                {
                    await app.StopAsync(CancellationToken.None);
                }
            }

            await Console.Out.WriteLineAsync(json ? JsonSerializer.Serialize(report, Json) : Render(report));
            return 0;
        }
        finally
        {
            evidence.Delete(recursive: true);
        }
    }

    private static async Task<IReadOnlyList<GrainTurn>?> ReadTurnsAsync(EvidenceStore store, string callId, CancellationToken cancellationToken)
    {
        var path = Path.Combine(store.PackagePath(callId), EvidenceStore.CallFile);
        var deadline = DateTimeOffset.UtcNow + EvidenceTimeout;
        while (!File.Exists(path))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        var call = await store.ReadAsync(callId, cancellationToken);
        return [.. call.Turns.Select(t => new GrainTurn(t.Outcome, t.EndOfUtteranceMs, t.SttFinalMs, t.DecisionMs, t.TtsFirstByteMs, t.FirstPacketOutMs, t.EndToEndMs, t.EndedAt, t.StartedAt))];
    }

    private static List<int>? ParseLevels(string? text)
    {
        var levels = new List<int>();
        foreach (var part in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var level) || level < 1)
            {
                return null;
            }

            levels.Add(level);
        }

        return levels.Count == 0 ? null : [.. levels.Distinct().Order()];
    }

    private static string Render(CallLatencyReport report)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"calls over SIP ({string.Join(", ", report.CodecsOffered)} offered), {report.Machine.Processors} cores, load {report.Machine.LoadAverageAtStart} at start");
        text.AppendLine("calls  answers  answer p50/p95/p99 ms   agent e2e p50  overhead p50/p99 ms  grain/edge p99  cores  load  steal %");
        foreach (var l in report.Levels)
        {
            text.AppendLine(culture, $"{l.Concurrency,5}  {l.AnswerMs.Count,7}  {l.AnswerMs.P50,6}/{l.AnswerMs.P95,6}/{l.AnswerMs.P99,6}  {l.Agent.EndToEnd.P50,13}  {l.Agent.PlatformOverhead.P50,8}/{l.Agent.PlatformOverhead.P99,8}  {l.Agent.GrainOverhead.P99,6}/{l.Agent.EdgeOverhead.P99,6}  {l.ProcessCpuCores,5}  {l.LoadAverageAtEnd}  {l.CpuStealPercent}");
        }

        if (report.Capacity is { } c)
        {
            text.AppendLine(culture, $"calls per core at p95 ≤ {c.TurnGoalMs} ms: {c.CallsPerCore} ({c.LargestLevelHeld} calls held on {c.Processors} cores; first missed: {c.FirstLevelMissed?.ToString(culture) ?? "none"})");
        }

        return text.ToString();
    }
}
