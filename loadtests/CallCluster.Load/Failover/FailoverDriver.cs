using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CallCluster.Agent.Providers.Sandbox;
using CallCluster.Edge.Playout;
using CallCluster.Grains.Evidence;
using CallCluster.Load.Calls;
using CallCluster.Load.Calls.Reporting;
using CallCluster.Load.Calls.Sip;
using CallCluster.Load.Metrics;
using CallCluster.Load.Runtime;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;
using CallCluster.Speech.ESpeak;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallCluster.Load.Failover;

/// <summary>
/// Issue 5's failover acceptance, end to end: a fresh database, two <c>callcluster silo</c> processes and one
/// <c>callcluster edge</c> on it, N scripted refund calls over real SIP/RTP with espeak-ng speech, staggered; once
/// every call is mid-conversation the silo holding the most calls gets SIGKILL. Then per call: did the script finish,
/// was every line answered and recorded, how long was the agent silent across the kill, and how many refund rows
/// did it leave in the PostgreSQL sandbox store.
/// </summary>
public static class FailoverDriver
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    // Room for the caller's own limit to end a call that hangs, plus the report.
    private static readonly TimeSpan ReportGrace = TimeSpan.FromMinutes(1);

    /// <exception cref="TimeoutException">The cluster did not start, or the calls never all got mid-conversation.</exception>
    public static async Task<FailoverReport> RunAsync(FailoverOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Calls, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Calls, RefundScript.MaxCalls);
        Directory.CreateDirectory(options.EvidenceDirectory);
        var progress = options.Progress;

        await using var database = options.CreateDatabase ? await BenchDatabase.CreateAsync(options.ConnectionString, cancellationToken) : null;
        var connectionString = database?.ConnectionString ?? options.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = new PostgresSandboxStore(dataSource);
        await store.MigrateAsync(cancellationToken);
        await store.SeedAsync(RefundScript.Fixtures(options.Calls), cancellationToken);

        await progress.WriteLineAsync($"Starting 2 silos and an edge on database {new NpgsqlConnectionStringBuilder(connectionString).Database} (logs in {options.WorkingDirectory})");
        await using var cluster = await FailoverCluster.StartAsync(options, connectionString, cancellationToken);
        await progress.WriteLineAsync($"Cluster ready: {string.Join(", ", cluster.Silos.Select(s => $"{s.Value.Name} = {s.Key}"))}; edge SIP on 127.0.0.1:{cluster.SipPort}");

        var tts = new ESpeakTextToSpeech(Options.Create(new ESpeakOptions()));
        var listening = new EnergyOnlyListening();
        using var scheduler = new PlayoutScheduler(Options.Create(new PlayoutOptions()), TimeProvider.System, NullLogger<PlayoutScheduler>.Instance);
        scheduler.Start();
        var callerOptions = new ScriptedCallerOptions
        {
            EndOfTurnSilence = options.EndOfTurnSilence,
            AgentResponseTimeout = options.AgentResponseTimeout,
            MaxCallDuration = options.MaxCallDuration,
        };
        var target = SipUri.Parse($"sip:agent@127.0.0.1:{cluster.SipPort}");
        AudioCodec[] codecs = [AudioCodec.L16, AudioCodec.Pcmu];

        var first = Stopwatch.GetTimestamp();
        var calls = new List<PlacedCall>();

        // Cancelling hangs up every call still up: however the run ends, no caller outlives it.
        using var hangUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            return await PlaceKillAndJudgeAsync();
        }
        finally
        {
            await hangUp.CancelAsync();

            // Waits (bounded) for the hang-ups to finish; their reports and failures were read, or no longer matter.
            await Task.WhenAll(calls.Select(c => c.Report)).WaitAsync(ReportGrace, CancellationToken.None).ContinueWith(
                static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        async Task<FailoverReport> PlaceKillAndJudgeAsync()
        {
            for (var number = 1; number <= options.Calls; number++)
            {
                var observed = new ObservedCaller(new ScriptedCaller(RefundScript.For(number), tts, listening, callerOptions));
                var report = Task.Run(
                    () => SipCallerLeg.CallAsync(observed.Caller, observed, target, codecs, scheduler, null, options.MaxCallDuration, cancellationToken: hangUp.Token),
                    CancellationToken.None);
                calls.Add(new PlacedCall(number, observed, report));
                if (number < options.Calls)
                {
                    await Task.Delay(options.Stagger, cancellationToken);
                }
            }

            await progress.WriteLineAsync($"{options.Calls} calls placed; waiting until every one is past its first answer");
            await WaitUntilAsync(() => calls.All(c => c.Observed.PastFirstAnswer || c.Report.IsCompleted), options.KillReadinessTimeout, "every call to be mid-conversation", cancellationToken);

            var hosts = new Dictionary<int, string?>();
            foreach (var call in calls)
            {
                hosts[call.Number] = call.Observed.CallId.IsCompletedSuccessfully ? await cluster.HostOfCallAsync(call.Observed.CallId.Result, cancellationToken) : null;
            }

            var (victimAddress, victim) = cluster.Silos.MaxBy(s => hosts.Values.Count(h => h == s.Key));
            var onVictim = hosts.Where(h => h.Value == victimAddress).Select(h => h.Key).ToHashSet();
            var load = MachineLoad.OneMinute();
            var kill = Stopwatch.GetTimestamp();
            victim.Kill();
            var killAfter = Stopwatch.GetElapsedTime(first, kill);
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"kill -9 {victim.Name} (pid {victim.ProcessId}) at {killAfter.TotalSeconds:0.0} s, holding {onVictim.Count} of {options.Calls} calls; load average {load:0.0}"));

            var results = new List<FailoverCallResult>();
            var evidence = new EvidenceStore(options.EvidenceDirectory);
            foreach (var call in calls)
            {
                var report = await call.Report.WaitAsync(options.MaxCallDuration + ReportGrace, cancellationToken);
                var host = hosts[call.Number] is { } address && cluster.Silos.TryGetValue(address, out var node) ? node.Name : null;
                var result = await JudgeAsync(call, report, host, onVictim.Contains(call.Number), kill, evidence, store, options.EvidenceTimeout, cancellationToken);
                results.Add(result);
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  #{call.Number} on {host ?? "?"}{(result.FailedOver ? " (failed over)" : string.Empty)}: {result.CallerOutcome}, {result.TurnsAnswered}/{result.ScriptTurns} answered, "
                    + $"disposition {result.Disposition ?? "-"}, {result.RefundRows} refund row(s){(result.GapMs is { } gap ? $", gap {gap:0} ms" : string.Empty)}{(result.Failure is { } f ? " — " + f : string.Empty)}"));
            }

            var gaps = results.Where(r => r.FailedOver && r.GapMs is not null).Select(r => r.GapMs!.Value).ToList();
            return new FailoverReport
            {
                Date = DateTimeOffset.UtcNow,
                Processors = Environment.ProcessorCount,
                LoadAverageAtKill = load,
                Calls = options.Calls,
                KilledSilo = victim.Name,
                CallsOnKilledSilo = onVictim.Count,
                KillAfterSeconds = Math.Round(killAfter.TotalSeconds, 1),
                CallsFinished = results.Count(r => r.Failure is null),
                TurnsLost = results.Sum(r => r.TurnsLost),
                DuplicateWrites = results.Sum(r => Math.Max(0, r.RefundRows - 1)),
                MissingWrites = results.Count(r => r.RefundRows == 0 || !r.RefundOrderMatches),
                RepeatedWriteAttempts = results.Sum(r => r.RepeatedRefundAttempts),
                GapP50Ms = Percentile(gaps, 50),
                GapP95Ms = Percentile(gaps, 95),
                GapMaxMs = gaps.Count == 0 ? null : gaps.Max(),
                PerCall = results,
            };
        }
    }

    private static async Task<FailoverCallResult> JudgeAsync(
        PlacedCall call, CallReport report, string? host, bool failedOver, long kill, EvidenceStore evidence, PostgresSandboxStore store, TimeSpan evidenceTimeout, CancellationToken cancellationToken)
    {
        var said = report.Turns.Where(t => t.Said.Length > 0).ToList();
        var scriptTurns = RefundScript.AnsweredTurns(RefundScript.For(call.Number));
        var answered = said.Count(t => t.Response is not null);
        var package = report.CallId.Length == 0 ? null : await ReadEvidenceAsync(evidence, report.CallId, evidenceTimeout, cancellationToken);
        var refunds = report.CallId.Length == 0 ? [] : await store.RefundsAsync(report.CallId, cancellationToken);
        var order = RefundScript.OrderNumber(call.Number);
        var repeated = package?.ToolCalls.Count(t => t.Tool == RefundScript.RefundTool && !t.Replayed && t.Outcome == "already_refunded") ?? 0;
        var inEvidence = package?.Transcript.Count(l => l.Speaker is "caller" or "keypad") ?? 0;
        double? gap = failedOver ? call.Observed.AgentAudio.GapAcross(kill, call.Observed.Lines)?.TotalMilliseconds : null;

        string? failure = null;
        if (report.Disposition is not (CallDisposition.AgentHungUp or CallDisposition.Completed))
        {
            failure = $"caller: {report.Disposition} ({report.EndReason})";
        }
        else if (answered < scriptTurns)
        {
            var unanswered = said.Where(t => t.Response is null).Select(t => t.Index).ToList();
            failure = unanswered.Count > 0
                ? $"line {string.Join(", ", unanswered)} of {scriptTurns} got no answer"
                : $"the call ended after line {said.Count} of {scriptTurns}";
        }
        else if (package is null)
        {
            failure = "no evidence package";
        }
        else if (package.Disposition != RefundScript.ExpectedDisposition)
        {
            failure = $"disposition {package.Disposition}, expected {RefundScript.ExpectedDisposition}";
        }
        else if (refunds.Count != 1 || refunds[0].OrderNumber != order)
        {
            failure = $"{refunds.Count} refund rows";
        }
        else if (inEvidence < scriptTurns)
        {
            failure = $"{scriptTurns - inEvidence} caller lines missing from the evidence";
        }

        return new FailoverCallResult(
            call.Number,
            report.CallId,
            host,
            failedOver,
            report.Disposition.ToString(),
            scriptTurns,
            answered,
            inEvidence,
            package?.Disposition,
            package?.Resumes ?? 0,
            refunds.Count,
            refunds.Count > 0 && refunds.All(r => r.OrderNumber == order),
            repeated,
            gap is { } g ? Math.Round(g) : null,
            failure);
    }

    private static async Task<CallEvidence?> ReadEvidenceAsync(EvidenceStore evidence, string callId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            try
            {
                return await evidence.ReadAsync(callId, cancellationToken);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException or IOException)
            {
                // Not written yet (or being written): the grain writes the package as the call ends.
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    return null;
                }
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"Waited {timeout} for {what}.");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static double? Percentile(List<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private sealed record PlacedCall(int Number, ObservedCaller Observed, Task<CallReport> Report);
}
