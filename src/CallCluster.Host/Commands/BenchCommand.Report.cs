using System.Text;
using CallCluster.Load.Runtime;

namespace CallCluster.Host.Commands;

/// <summary>The human-readable form of a runtime benchmark report, with the targets beside the figures.</summary>
internal static partial class BenchCommand
{
    /// <summary>What went wrong (not slow: wrong): lost frames, failed failovers, lost state, silos that did not stop.</summary>
    private static List<string> Problems(RuntimeBenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var problems = new List<string>();
        if (report.FrameStreams.FramesReceived != report.FrameStreams.FramesSent)
        {
            problems.Add($"frames: {report.FrameStreams.FramesSent} sent but {report.FrameStreams.FramesReceived} received");
        }

        foreach (var run in new[] { report.Failover.Kill9, report.Failover.SigStop })
        {
            if (run.Succeeded != run.Kills)
            {
                problems.Add($"{run.Signal}: {run.Kills - run.Succeeded} of {run.Kills} failovers failed ({run.LastError})");
            }

            if (run.StateIntact != run.Succeeded)
            {
                problems.Add($"{run.Signal}: {run.Succeeded - run.StateIntact} failovers lost the last write");
            }

            if (run.ExitedByThemselves is { } exited && exited != run.Kills)
            {
                problems.Add($"{run.Signal}: {run.Kills - exited} frozen silos did not stop by themselves after SIGCONT");
            }
        }

        return problems;
    }

    private static string Render(RuntimeBenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var m = report.Machine;
        var r = report.Requests;
        var f = report.FrameStreams;
        var text = new StringBuilder();
        Line(text, $"Runtime benchmark ({report.Profile}), {report.Silos} silo processes on PostgreSQL, {report.Date:yyyy-MM-dd HH:mm} UTC");
        Line(text, $"Machine: {m.Processors} cores, {m.MemoryMb} MB, {m.Os}, {m.Runtime}, load average {m.LoadAverageAtStart:0.0} at start");
        Line(text, $"Requests   cross-silo p50 {r.CrossSiloRoundTripP50Us} µs, p99 {r.CrossSiloRoundTripP99Us} µs ({r.CrossSiloCalls} calls)");
        Line(text, $"           client→grain p50 {r.ClientRoundTripP50Us} µs, p99 {r.ClientRoundTripP99Us} µs ({r.ClientCalls} calls)");
        Line(text, $"           {r.RequestsPerSecond:0} requests/s with {r.Concurrency} in flight");
        Line(text, $"Frames     {f.Streams} streams × {f.FramesPerSecondPerStream}/s: {f.FramesPerSecond:0} frames/s (target {f.TargetFramesPerSecond}), "
            + $"latency p50 {f.LatencyP50Us} µs, p99 {f.LatencyP99Us} µs (target ≤ 2000), max {f.LatencyMaxUs} µs; {f.FramesReceived}/{f.FramesSent} received");
        Line(text, Failover(report.Failover.Kill9, targetP95Ms: 1000));
        Line(text, Failover(report.Failover.SigStop, targetP95Ms: 3000));
        foreach (var problem in Problems(report))
        {
            Line(text, "PROBLEM: " + problem);
        }

        return text.ToString();
    }

    private static string Failover(FailoverRun run, int targetP95Ms) =>
        $"Failover   {run.Signal}: p50 {run.P50Ms:0} ms, p95 {run.P95Ms:0} ms (target ≤ {targetP95Ms}), max {run.MaxMs:0} ms; {run.Succeeded}/{run.Kills} succeeded, state intact in {run.StateIntact}"
            + (run.ExitedByThemselves is { } exited ? $", {exited} frozen silos stopped by themselves after SIGCONT" : string.Empty);

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
