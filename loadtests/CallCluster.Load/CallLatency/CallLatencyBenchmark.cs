using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using CallCluster.Edge;
using CallCluster.Edge.Calls;
using CallCluster.Edge.Playout;
using CallCluster.Edge.Sip;
using CallCluster.Grains;
using CallCluster.Load.Metrics;
using CallCluster.Load.Runtime;
using CallCluster.Sip.Dialogs;
using CallCluster.Sip.Sdp;
using CallCluster.Speech.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.Load.CallLatency;

/// <summary>
/// Turn latency of whole calls over SIP: K callers, each on a loop of calls to the agent, speak pre-synthesised lines and
/// time every answer (<see cref="LatencyCallSession"/>); the agent's own breakdown of the same turns comes from its
/// evidence packages. Levels run one after another; with <see cref="CallLatencyOptions.FindCapacity"/> the concurrency
/// is also stepped up (1, 2, 4, 8, …) until the p95 answer latency passes the goal.
/// </summary>
public static class CallLatencyBenchmark
{
    private const string TrunkName = "agent";
    private const int MaxCapacityStep = 128;

    /// <summary>A level reports this many of its slowest turns: with ~150 turns a level, its p99 is the second.</summary>
    private const int SlowTurnsReported = 5;

    /// <summary>A call placed or ended this long before a turn still counts as around it (its set-up or evidence runs on).</summary>
    private static readonly TimeSpan CallChurnMargin = TimeSpan.FromMilliseconds(500);

    /// <summary>A level that is over waits this long for its calls to hang up at the end of the agent's turn.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A short level waits at least this long for its minimum of answers.</summary>
    private static readonly TimeSpan MinTurnsTimeout = TimeSpan.FromSeconds(60);

    /// <exception cref="InvalidOperationException">The warm-up call was not answered: nothing can be measured.</exception>
    public static async Task<CallLatencyReport> RunAsync(CallLatencyOptions options, ITextToSpeech tts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tts);
        var machine = new MachineInfo(
            Environment.ProcessorCount,
            GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024),
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            MachineLoad.OneMinute());
        var lines = new List<CallerUtterance>();
        foreach (var text in options.Lines)
        {
            lines.Add(await CallerUtterance.SynthesizeAsync(tts, text, cancellationToken));
        }

        var playout = Options.Create(new PlayoutOptions { RealtimePriority = options.RealtimePriority });
        using var scheduler = new PlayoutScheduler(playout, TimeProvider.System, NullLogger<PlayoutScheduler>.Instance);
        scheduler.Start();
        var caller = new LatencyCaller(lines, options);
        var calls = new EdgeCallFactory(caller, scheduler, Options.Create(new EdgeOptions()), playout, NullLogger<EdgeCall>.Instance);
        var remote = IPAddress.Parse(options.Target.Host.Trim('[', ']'));
        var port = options.Target.Port ?? 5060;
        await using var edge = new SipEdge(
            new SipEdgeOptions
            {
                ListenAddress = LocalAddressToward(remote, port).ToString(),
                Port = 0,
                EnableTcp = false,
                Trunks = [new SipTrunkOptions { Name = TrunkName, OutboundHost = remote.ToString(), OutboundPort = port }],
                Sdp = new SdpNegotiatorOptions { Codecs = [.. options.Codecs] },
            },
            calls,
            TimeProvider.System,
            NullLoggerFactory.Instance);
        await edge.StartAsync();

        // The audio pools, as a node that has carried the largest requested level for a while has them: otherwise each
        // level measures the pools growing on the pinned heap, and the full collections that growth brings. Per call
        // of this process: the agent's recording, and two legs on the edges (the agent's and the caller's).
        CallAudioReservation.Reserve(options.Levels.Max(), edgeLegs: 2, silo: true);

        // One call first, not reported: JIT, the agent's first grammar compiles, the sockets' first packets.
        options.Progress?.WriteLine("warm-up call…");
        var warmUp = await RunLevelAsync(1, edge, caller, options with { LevelDuration = TimeSpan.Zero, WarmIn = TimeSpan.Zero, MinTurnsPerLevel = lines.Count }, () => { }, cancellationToken);
        if (warmUp.Samples.Count == 0)
        {
            throw new InvalidOperationException($"The warm-up call to {options.Target} got no answer ({warmUp.Failed} failed, {warmUp.Unanswered} unanswered).");
        }

        // What the start-up and the warm-up left alive goes to gen2 now, as a node's start-up collection does
        // (NodeWarmUp), rather than with the first collection of the first level.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

        var levels = new List<LevelReport>();
        int? held = null;
        int? missed = null;
        foreach (var level in Plan(options))
        {
            var requested = options.Levels.Contains(level);
            if (!requested && missed is not null)
            {
                continue;
            }

            options.Progress?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{level} concurrent calls for {options.LevelDuration.TotalSeconds:0} s…"));
            var report = await MeasureAsync(level, edge, caller, options, cancellationToken);
            levels.Add(report);
            options.Progress?.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {report.AnswerMs.Count} answers: p50 {report.AnswerMs.P50} ms, p95 {report.AnswerMs.P95} ms; overhead p99 {report.Agent.PlatformOverhead.P99} ms (grain {report.Agent.GrainOverhead.P99}, edge {report.Agent.EdgeOverhead.P99}); GC {report.Gc.Gen0}/{report.Gc.Gen1}/{report.Gc.Gen2} max pause {report.Gc.MaxPauseMs} ms ({Anatomy(report.Gc.Longest)}; {string.Join(", ", report.Gc.FullCollectionReasons)}); {report.ProcessCpuCores:0.00} cores; load {report.LoadAverageAtEnd}; steal {report.CpuStealPercent}%; pool threads ≤ {report.ThreadPool.MaxThreads}, pending max {report.ThreadPool.MaxPendingWorkItems} mean {report.ThreadPool.MeanPendingWorkItems}, queue wait p99 {report.ThreadPool.QueueWaitP99Ms} max {report.ThreadPool.QueueWaitMaxMs} ms; allocated {report.Allocations.SampledMegabytes} MB, most {string.Join(", ", report.Allocations.Top.Take(3).Select(t => $"{t.Type} {t.Percent}%"))}"));
            options.Progress?.WriteLine($"  slowest turns: {string.Join("; ", report.SlowestTurns.Select(Describe))}");
            if (options.FindCapacity && missed is null)
            {
                if (report.AnswerMs.P95 is { } p95 && p95 <= options.TurnGoal.TotalMilliseconds && report.CallsFailed == 0)
                {
                    held = level;
                }
                else
                {
                    missed = level;
                }
            }
        }

        var capacity = options.FindCapacity
            ? new CapacityReport(options.TurnGoal.TotalMilliseconds, held ?? 0, missed, Environment.ProcessorCount, Math.Round((held ?? 0) / (double)Environment.ProcessorCount, 2))
            : null;
        return new CallLatencyReport("calls", DateTimeOffset.Now, machine, [.. options.Codecs.Select(c => $"{c.Encoding}/{c.RtpClockRate}")], options.Lines, levels, capacity);
    }

    private static string Describe(SlowTurn turn) => string.Create(
        CultureInfo.InvariantCulture,
        $"{turn.OverheadMs} ms (grain {turn.GrainMs}, edge {turn.EdgeMs}) at {turn.AtSeconds} s, {(turn.Pauses.Count == 0 ? "no pause" : string.Join(" + ", turn.Pauses))}, pool wait ≤ {turn.PoolWaitMs} ms, {turn.CallsPlacedOrEnded} calls placed or ended around it");

    private static string Anatomy(GcPauseAnatomy? pause) => pause is null
        ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"gen{pause.Generation} ({pause.Reason} on {pause.TriggeredBy}): suspending {pause.SuspendingMs}, collecting {pause.CollectingMs}, restarting {pause.RestartingMs}; marked {pause.Marked}; promoted {pause.PromotedMb} MB, gen2 {pause.Gen2Mb} MB, {pause.PinnedObjects} pinned, {pause.Handles} handles");

    /// <summary>The requested levels, and with capacity search the doubling steps up to the largest of them (or further).</summary>
    private static IEnumerable<int> Plan(CallLatencyOptions options)
    {
        var levels = new SortedSet<int>(options.Levels);
        if (options.FindCapacity)
        {
            for (var step = 1; step <= MaxCapacityStep; step *= 2)
            {
                levels.Add(step);
            }
        }

        return levels;
    }

    private static async Task<LevelReport> MeasureAsync(int concurrency, SipEdge edge, LatencyCaller caller, CallLatencyOptions options, CancellationToken cancellationToken)
    {
        using var probes = new LevelProbes();
        var run = await RunLevelAsync(concurrency, edge, caller, options, probes.Begin, cancellationToken);
        probes.Stop();

        // The agent's turns that ended in the measured span, as the callers' answers are those they heard in it.
        var agentTurns = new List<GrainTurn>();
        foreach (var callId in run.CallIds)
        {
            if (await options.GrainTurns(callId, cancellationToken) is { } turns)
            {
                agentTurns.AddRange(turns.Where(t => t.EndToEnd is not null && (t.EndedAt is not { } ended || (ended >= run.MeasuredFrom && ended <= run.MeasuredUntil))));
            }
        }

        return new LevelReport(
            concurrency,
            Math.Round(run.Measured.TotalSeconds, 1),
            run.CallIds.Count,
            run.Failed,
            run.Unanswered,
            Percentiles.Of(run.Samples.Select(s => s.Latency.TotalMilliseconds)),
            new AgentBreakdown(
                agentTurns.Count,
                Percentiles.Of(agentTurns.Where(t => t.Endpointing is not null).Select(t => t.Endpointing!.Value)).P50,
                Percentiles.Of(agentTurns.Where(t => t.SttFinal is not null).Select(t => t.SttFinal!.Value)).P50,
                Percentiles.Of(agentTurns.Where(t => t.Decision is not null).Select(t => t.Decision!.Value)).P50,
                Percentiles.Of(agentTurns.Where(t => t.TtsFirstByte is not null).Select(t => t.TtsFirstByte!.Value)).P50,
                Percentiles.Of(agentTurns.Where(t => t.FirstPacketOut is not null).Select(t => t.FirstPacketOut!.Value)).P50,
                Percentiles.Of(agentTurns.Select(t => t.EndToEnd!.Value)),
                Percentiles.Of(agentTurns.Where(t => t.PlatformOverhead is not null).Select(t => t.PlatformOverhead!.Value)),
                Percentiles.Of(agentTurns.Where(t => t.GrainOverhead is not null).Select(t => t.GrainOverhead!.Value)),
                Percentiles.Of(agentTurns.Where(t => t.EdgeOverhead is not null).Select(t => t.EdgeOverhead!.Value))),
            probes.ProcessCpuCores,
            probes.LoadAtStart,
            MachineLoad.OneMinute(),
            probes.Pool!,
            probes.Gc!,
            probes.Allocations!,
            probes.CpuStealPercent,
            Slowest(agentTurns, probes.Gc!, probes.Pool!, run));
    }

    private static List<SlowTurn> Slowest(List<GrainTurn> turns, GcPauseReport gc, ThreadPoolReport pool, LevelRun run) =>
    [
        // A turn is placed by the caller's speech stop (every caller turn of a current package has it).
        .. turns.Where(t => t.PlatformOverhead is not null && t.StartedAt is not null)
            .OrderByDescending(t => t.PlatformOverhead)
            .Take(SlowTurnsReported)
            .Select(t =>
            {
                var started = t.StartedAt!.Value;
                var firstPacket = started.AddMilliseconds(t.EndToEnd!.Value);
                var pauses = gc.During(started, firstPacket);
                return new SlowTurn(
                    Math.Round(t.PlatformOverhead!.Value, 1),
                    t.GrainOverhead is { } grain ? Math.Round(grain, 1) : null,
                    t.EdgeOverhead is { } edge ? Math.Round(edge, 1) : null,
                    Math.Round(t.EndToEnd!.Value, 1),
                    Math.Round((started - run.MeasuredFrom).TotalSeconds, 1),
                    Math.Round(pauses.Sum(p => p.TotalMs), 1),
                    [.. pauses.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Kind} {Math.Round(p.TotalMs, 1)} ms"))],
                    pool.LongestWaitDuring(started, firstPacket),
                    run.CallsPlacedOrEnded.Count(at => at >= started - CallChurnMargin && at <= firstPacket));
            }),
    ];

    /// <summary>
    /// Runs <paramref name="concurrency"/> call loops for the warm-in and then the level's duration; <paramref name="measuring"/>
    /// is called when the warm-in is over.
    /// </summary>
    private static async Task<LevelRun> RunLevelAsync(int concurrency, SipEdge edge, LatencyCaller caller, CallLatencyOptions options, Action measuring, CancellationToken cancellationToken)
    {
        while (caller.Samples.TryDequeue(out _))
        {
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var active = new ConcurrentDictionary<LatencyCallSession, byte>();
        var callIds = new ConcurrentQueue<string>();
        var churn = new ConcurrentQueue<DateTimeOffset>();
        var failed = 0;
        var unanswered = 0;
        var callTimeout = (options.ResponseTimeout + options.EndOfTurnSilence + TimeSpan.FromSeconds(15)) * (options.TurnsPerCall + 1);

        async Task LoopAsync(int index)
        {
            await Task.Delay(options.RampUp * index / concurrency, cancellationToken);
            while (!stop.IsCancellationRequested)
            {
                SipEdgeCall placed;
                churn.Enqueue(DateTimeOffset.UtcNow);
                try
                {
                    placed = await edge.PlaceCallAsync(options.Target, TrunkName, cancellationToken);
                }
                catch (Exception e) when (e is SipCallFailedException or InvalidOperationException or TimeoutException)
                {
                    Interlocked.Increment(ref failed);
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                    continue;
                }

                var session = caller.Take(placed.CallId);
                callIds.Enqueue(placed.CallId);
                active[session] = 0;
                if (stop.IsCancellationRequested)
                {
                    session.RequestStop();
                }

                try
                {
                    var outcome = await session.Completion.WaitAsync(callTimeout, cancellationToken);
                    Interlocked.Add(ref unanswered, outcome.Unanswered);
                }
                catch (TimeoutException)
                {
                    Interlocked.Increment(ref failed);
                    await placed.HangUpAsync();
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Stopped: hang up as a caller would, or the agent keeps the call until its RTP goes quiet, and a
                    // node shutting down waits for it.
                    await placed.HangUpAsync();
                    throw;
                }
                finally
                {
                    churn.Enqueue(DateTimeOffset.UtcNow);
                    active.TryRemove(session, out _);
                }
            }
        }

        var loops = Enumerable.Range(0, concurrency).Select(LoopAsync).ToList();
        try
        {
            await Task.Delay(options.WarmIn, cancellationToken);
            var measuredFrom = Stopwatch.GetTimestamp();
            var measuredFromWall = DateTimeOffset.UtcNow;
            measuring();
            int Counted() => caller.Samples.Count(s => s.SpeechEndedAt >= measuredFrom);
            var maxDuration = options.LevelDuration * 3 > MinTurnsTimeout ? options.LevelDuration * 3 : MinTurnsTimeout;
            while (Stopwatch.GetElapsedTime(measuredFrom) < options.LevelDuration
                || (Counted() < options.MinTurnsPerLevel && Stopwatch.GetElapsedTime(measuredFrom) < maxDuration && loops.Any(l => !l.IsCompleted)))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }

            var stoppedAt = Stopwatch.GetTimestamp();
            var stoppedAtWall = DateTimeOffset.UtcNow;
            await stop.CancelAsync();
            foreach (var session in active.Keys)
            {
                session.RequestStop();
            }

            await Task.WhenAll(loops).WaitAsync(DrainTimeout, cancellationToken);

            // Answers to lines spoken during the warm-in, or after the level ended with fewer calls in flight, are not this level's.
            var samples = caller.Samples.Where(s => s.SpeechEndedAt >= measuredFrom && s.SpeechEndedAt <= stoppedAt).ToList();
            return new LevelRun([.. callIds], samples, failed, unanswered, Stopwatch.GetElapsedTime(measuredFrom, stoppedAt), measuredFromWall, stoppedAtWall, [.. churn]);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Each loop hangs up its call on the way out, and the caller's edge must still be up to send the BYEs.
            await Task.WhenAll(loops).WaitAsync(DrainTimeout, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
    }

    // The address the OS would send from to reach the target: what the agent must see in Via, Contact and SDP.
    private static IPAddress LocalAddressToward(IPAddress remote, int port)
    {
        using var probe = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(remote, port);
        return ((IPEndPoint)probe.LocalEndPoint!).Address;
    }

    private sealed record LevelRun(
        IReadOnlyList<string> CallIds,
        IReadOnlyList<TurnSample> Samples,
        int Failed,
        int Unanswered,
        TimeSpan Measured,
        DateTimeOffset MeasuredFrom,
        DateTimeOffset MeasuredUntil,
        IReadOnlyList<DateTimeOffset> CallsPlacedOrEnded);
}
