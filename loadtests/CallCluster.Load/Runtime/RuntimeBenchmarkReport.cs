namespace CallCluster.Load.Runtime;

/// <summary>Everything one run of <c>callcluster bench runtime</c> measured; the <c>--json</c> output.</summary>
public sealed record RuntimeBenchmarkReport(
    string Benchmark,
    DateTimeOffset Date,
    MachineInfo Machine,
    int Silos,
    string Profile,
    RequestFigures Requests,
    FrameStreamFigures FrameStreams,
    FailoverFigures Failover);

/// <summary>The machine, and how busy it was when the run started (1-minute load average from /proc/loadavg).</summary>
public sealed record MachineInfo(int Processors, long MemoryMb, string Os, string Runtime, double LoadAverageAtStart);

/// <summary>
/// Request/response: grain-to-grain calls between silos (a grain on one silo awaiting a grain on another),
/// client-to-grain calls (one hop, as from an edge), and client throughput with <see cref="Concurrency"/> calls in flight.
/// </summary>
public sealed record RequestFigures(
    long CrossSiloCalls,
    long CrossSiloRoundTripP50Us,
    long CrossSiloRoundTripP99Us,
    long ClientCalls,
    long ClientRoundTripP50Us,
    long ClientRoundTripP99Us,
    int Concurrency,
    double ThroughputSeconds,
    double RequestsPerSecond);

/// <summary>
/// Frame streams from the client to sink grains, paced at <see cref="FramesPerSecondPerStream"/> per stream with
/// phases spread evenly. Latency is one way: the sender's write to the grain's read, over the measured window.
/// </summary>
public sealed record FrameStreamFigures(
    int Streams,
    int FramesPerSecondPerStream,
    int FrameBytes,
    int TargetFramesPerSecond,
    double MeasuredSeconds,
    long FramesSent,
    long FramesReceived,
    double FramesPerSecond,
    long LatencyP50Us,
    long LatencyP99Us,
    long LatencyMaxUs,
    double SenderMaxLagMs);

/// <summary>Failover after killing the silo that owns a grain; calls time out after <see cref="CallTimeoutMs"/> and are retried.</summary>
public sealed record FailoverFigures(int CallTimeoutMs, FailoverRun Kill9, FailoverRun SigStop);

/// <summary>
/// One signal's kills: time from the signal to the first successful call of the grain (answered by another
/// silo), whether that activation loaded the last acknowledged write, and (SIGSTOP) whether the frozen silo,
/// once continued, found itself Dead and exited on its own.
/// </summary>
public sealed record FailoverRun(
    string Signal,
    int Kills,
    int Succeeded,
    int StateIntact,
    double P50Ms,
    double P95Ms,
    double MaxMs,
    int? ExitedByThemselves,
    string? LastError);
