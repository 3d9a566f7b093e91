using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CallCluster.Edge.Playout;
using CallCluster.Edge.Responders;
using CallCluster.Edge.Rtp;
using CallCluster.Edge.Sip;
using CallCluster.Load.Metrics;
using CallCluster.Testing;

namespace CallCluster.Edge.Tests.Sip;

/// <summary>
/// SIPp load against a real edge. Explicit: they run for minutes at full load, so only loadtests/sipp/run-sipedge-benchmarks.sh
/// runs them (xunit <c>-explicit only</c>); each appends its figures to $CALLCLUSTER_BENCH_OUT (default /tmp/sipedge-bench.md).
/// </summary>
[Trait("Category", TestCategories.Sipp)]
public sealed partial class SipEdgeLoadBenchmarks
{
    [Fact(Explicit = true)]
    public async Task Stepped_call_rate_up_to_300_per_second_for_60_seconds()
    {
        // 50 calls/s, +50 every 5 s up to 300 (25 s of steps), then 60 s at 300: 3750 + 18000 one-second calls.
        const int calls = 21_750;
        var ended = 0L;
        using var counters = new EdgeCounterTally();
        var logs = LogFolder("rate");
        await using var host = await SipEdgeHost.StartAsync(new EchoResponder(), LoadOptions, playout: Playout);
        host.Edge.CallEnded = _ => Interlocked.Increment(ref ended);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();

        var result = await Sipp.RunAsync(host.Port, "uac_load.xml", calls, rate: 50, limit: TimeSpan.FromSeconds(200), extra:
            ["-rate_increase", "50", "-rate_interval", "5s", "-rate_max", "300", "-no_rate_quit", "-d", "1000", "-l", "3000", "-trace_screen", "-trace_stat", "-fd", "5"], keepLogsIn: logs, ownSession: true);

        var elapsed = clock.Elapsed;
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        await Eventually.TrueAsync(() => host.Edge.Calls.Count == 0, TimeSpan.FromSeconds(60), "every call to be torn down");
        var (succeeded, failed) = Counts(result.Output);
        Report($"""
            ### Stepped call rate ({DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()})
            SIPp uac_load.xml, 50 → 300 calls/s (+50 every 5 s), then 300 calls/s; 1 s calls, PCMU, RTP from the edge.
            - calls: {succeeded} succeeded, {failed} failed (SIPp exit code {result.ExitCode}); edge tore down {Interlocked.Read(ref ended)}
            - wall time {elapsed.TotalSeconds:0} s; edge process CPU {cpuUsed.TotalSeconds:0.0} s = {cpuUsed.TotalMilliseconds / Math.Max(1, succeeded):0.00} ms per call
            - playout tick lateness (due → pacing thread starts sending): {host.Scheduler.Jitter.Snapshot()}; last packet of a tick sent: {host.Scheduler.SendCompletion.Snapshot()}
            - edge counters: {counters}
            - SIPp errors (logs in {logs}): {ErrorSummary(logs)}

            """);
        Assert.Equal(0, failed);
        result.AssertSucceeded();
    }

    [Fact(Explicit = true)]
    public async Task Five_hundred_concurrent_calls_with_rtp_both_ways_for_60_seconds()
    {
        const int calls = 500;
        var totals = new RtpTotals();
        using var counters = new EdgeCounterTally();
        var logs = LogFolder("concurrent");
        await using var host = await SipEdgeHost.StartAsync(new EchoResponder(), LoadOptions, playout: Playout);
        host.Edge.CallEnded = call => totals.Add(call.FinalStatistics);

        // 100 calls/s: all 500 are up after 5 s and each lasts 60 s; SIPp echoes every RTP packet back to its sender.
        var sipp = Sipp.RunAsync(host.Port, "uac_load.xml", calls, rate: 100, limit: TimeSpan.FromSeconds(150), extra:
            ["-d", "60000", "-rtp_echo", "-l", "600", "-trace_screen", "-trace_stat", "-fd", "5"], keepLogsIn: logs, ownSession: true);
        await Eventually.TrueAsync(() => host.Edge.Calls.Count == calls || sipp.IsCompleted, TimeSpan.FromSeconds(60), "500 calls to be up");
        var plateauStart = host.Scheduler.Jitter.Snapshot();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        using var gc = new GcPauseRecorder();
        var steal = new CpuSteal();
        var clock = Stopwatch.StartNew();
        var peak = host.Edge.Calls.Count;
        using var probe = StartWakeProbe(TimeSpan.FromSeconds(50));
        var probeOutput = probe.StandardOutput.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(50));
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var gcDuringPlateau = gc.Stop();
        var stolen = steal.PercentSinceStart() is { } percent ? $"{percent:0.0} %" : "n/a";
        var machineWakes = (await probeOutput.WaitAsync(TimeSpan.FromSeconds(30))).Trim();
        var plateau = clock.Elapsed;
        var jitter = host.Scheduler.Jitter.Snapshot();
        var completion = host.Scheduler.SendCompletion.Snapshot();
        var kernelDrops = KernelDropsOnEdgeRtpSockets(new RtpSessionOptions());

        var result = await sipp;
        await Eventually.TrueAsync(() => host.Edge.Calls.Count == 0, TimeSpan.FromSeconds(60), "every call to be torn down");
        var (succeeded, failed) = Counts(result.Output);
        var cpuPerCall = cpuUsed.TotalMilliseconds / (peak * plateau.TotalSeconds);
        Report($"""
            ### {calls} concurrent calls, RTP both ways, 60 s ({DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()})
            SIPp uac_load.xml -rtp_echo (edge EchoResponder → RTP → SIPp → RTP → edge), PCMU 20 ms, 100 calls/s ramp; playout threads {PlayoutThreads}.
            - calls: {succeeded} succeeded, {failed} failed (SIPp exit code {result.ExitCode}); {peak} up at once
            - RTP: {totals}
            - playout tick lateness over the whole run (due → pacing thread starts sending; all shards): {jitter} (at plateau start: {plateauStart.Count} ticks)
            - last packet of a tick handed to the kernel (due → shard's sends done): {completion}
            - datagrams the kernel dropped on the edge's RTP/RTCP sockets (receive buffer full, /proc/net/udp at plateau end): {kernelDrops}
            - GC during the plateau: {gcDuringPlateau.Gen0 + gcDuringPlateau.Gen1 + gcDuringPlateau.Gen2} collections (gen1 {gcDuringPlateau.Gen1}, gen2 {gcDuringPlateau.Gen2}), {gcDuringPlateau.TotalPauseMs:0.0} ms paused in all, longest {gcDuringPlateau.MaxPauseMs:0.0} ms; CPU time stolen by the hypervisor (/proc/stat steal): {stolen}
            - reference sleeper (loadtests/sipp/wake_probe.py: another process, own session, nice -10, same 20 ms grid) over the plateau: {machineWakes}
            - edge process CPU over {plateau.TotalSeconds:0} s at {peak} calls: {cpuUsed.TotalSeconds:0.0} s = {cpuPerCall:0.000} ms CPU per call-second ({cpuPerCall / 10:0.000} % of a core per call)
            - edge counters: {counters}
            - SIPp errors (logs in {logs}): {ErrorSummary(logs)}

            """);
        Assert.Equal(0, failed);
        Assert.Equal(0, totals.SendsDropped);
        result.AssertSucceeded();
    }

    /// <summary>
    /// Starts the reference sleeper in a session of its own for <paramref name="duration"/>: how late the machine itself
    /// wakes a nice -10 thread on a 20 ms grid while the edge and SIPp run, to tell the edge's lateness from the machine's.
    /// </summary>
    private static Process StartWakeProbe(TimeSpan duration)
    {
        var start = new ProcessStartInfo("setsid") { ArgumentList = { "--wait", "python3", Path.Combine(Sipp.ScenarioFolder, "wake_probe.py") } };
        start.ArgumentList.Add(duration.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        return ChildProcess.Start(start);
    }

    private static void LoadOptions(SipEdgeOptions options)
    {
        options.UserAgent = new() { MaxConcurrentCalls = 5000 };
        options.InvitesPerSecondPerSource = 10_000;
        options.InviteBurstPerSource = 10_000;
        options.EnableTcp = false;
    }

    private static (long Succeeded, long Failed) Counts(string output)
    {
        static long Last(string output, Regex pattern) =>
            pattern.Matches(output) is { Count: > 0 } m ? long.Parse(m[^1].Groups["count"].Value, CultureInfo.InvariantCulture) : -1;
        return (Last(output, SuccessfulCalls()), Last(output, FailedCalls()));
    }

    /// <summary>
    /// The kernel's per-socket drop counters (last column of /proc/net/udp) summed over this process's sockets bound in the
    /// edge's RTP port range: packets that reached the edge's host but were lost because the edge did not read them in time.
    /// </summary>
    private static long KernelDropsOnEdgeRtpSockets(RtpSessionOptions rtp)
    {
        // Our own sockets only (by inode), not another test process's on the same ports.
        var ours = new DirectoryInfo("/proc/self/fd").GetFiles()
            .Select(f => f.LinkTarget)
            .Where(t => t is not null && t.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(t => t![8..^1])
            .ToHashSet(StringComparer.Ordinal);
        long drops = 0;
        foreach (var table in new[] { "/proc/net/udp", "/proc/net/udp6" }.Where(File.Exists))
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var port = int.Parse(fields[1][(fields[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (port >= rtp.PortRangeStart && port <= rtp.PortRangeEnd + 1 && ours.Contains(fields[9]))
                {
                    drops += long.Parse(fields[^1], CultureInfo.InvariantCulture);
                }
            }
        }

        return drops;
    }

    /// <summary>The edge's playout settings; $CALLCLUSTER_BENCH_REALTIME_PRIORITY overrides the real-time priority (0: nice -10).</summary>
    private static PlayoutOptions Playout =>
        Environment.GetEnvironmentVariable("CALLCLUSTER_BENCH_REALTIME_PRIORITY") is { } priority
            ? new PlayoutOptions { RealtimePriority = int.Parse(priority, CultureInfo.InvariantCulture) }
            : new PlayoutOptions();

    private static string PlayoutThreads =>
        Playout.RealtimePriority > 0 ? $"SCHED_FIFO {Playout.RealtimePriority}, pinned to one CPU (where permitted)" : "at nice -10";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string ReportPath =>
        Environment.GetEnvironmentVariable("CALLCLUSTER_BENCH_OUT") ?? Path.Combine(Path.GetTempPath(), "sipedge-bench.md");

    /// <summary>Where SIPp's logs of one run are kept: next to the report, named by run and time.</summary>
    private static string LogFolder(string run) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(ReportPath))!, $"sipedge-sipp-{run}-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}");

    /// <summary>SIPp's error log reduced to its distinct events (first line, Call-IDs and numbers masked), most frequent first.</summary>
    private static string ErrorSummary(string folder)
    {
        var log = Directory.Exists(folder) ? string.Concat(Directory.GetFiles(folder, "*_errors.log").Select(File.ReadAllText)) : string.Empty;
        var events = SippEventStart().Split(log)
            .Skip(1)
            .Select(e => e.Split('\n')[0].Trim())
            .ToList();
        if (events.Count == 0)
        {
            return "none";
        }

        var reasons = events
            .Select(e => MaskedNumbers().Replace(MaskedCallIds().Replace(e, "'…'"), "#"))
            .GroupBy(e => e, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Take(5)
            .Select(g => $"{g.Count()} × `{(g.Key.Length > 160 ? g.Key[..160] : g.Key)}`");
        return $"{events.Count} events; " + string.Join("; ", reasons);
    }

    private static void Report(string text)
    {
        var path = ReportPath;
        File.AppendAllText(path, text);
        TestContext.Current.SendDiagnosticMessage(text);
    }

    [GeneratedRegex(@"Successful call\s*\|\s*\d+\s*\|\s*(?<count>\d+)", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SuccessfulCalls();

    [GeneratedRegex(@"Failed call\s*\|\s*\d+\s*\|\s*(?<count>\d+)", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FailedCalls();

    /// <summary>SIPp starts each logged event with a date, a time and an epoch timestamp.</summary>
    [GeneratedRegex(@"\d{4}-\d\d-\d\d\t[\d:.]+\t[\d.]+: ", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SippEventStart();

    [GeneratedRegex(@"'[^']*'|\S+@\S+", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MaskedCallIds();

    [GeneratedRegex(@"\d+", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MaskedNumbers();

    private sealed class RtpTotals
    {
        private long _calls;
        private long _sent;
        private long _received;
        private long _sendsDropped;
        private long _bufferDropped;
        private long _late;
        private long _lost;

        public long SendsDropped => Interlocked.Read(ref _sendsDropped);

        public void Add(RtpSessionStatistics? statistics)
        {
            if (statistics is not { } s)
            {
                return;
            }

            Interlocked.Increment(ref _calls);
            Interlocked.Add(ref _sent, s.PacketsSent);
            Interlocked.Add(ref _received, s.PacketsReceived);
            Interlocked.Add(ref _sendsDropped, s.SendsDropped);
            Interlocked.Add(ref _bufferDropped, s.JitterBuffer.Dropped);
            Interlocked.Add(ref _late, s.JitterBuffer.Late);
            Interlocked.Add(ref _lost, Math.Max(0, s.CumulativeLost));
        }

        public override string ToString() =>
            $"{_calls} calls; {_sent} packets sent, {_received} received; send failures {_sendsDropped}; " +
            $"jitter-buffer drops {_bufferDropped}, late {_late}; lost on the way back {_lost}";
    }
}
