using CallCluster.Load.Metrics;
using CallCluster.Load.Runtime;

namespace CallCluster.Load.CallLatency;

/// <summary>What <c>callcluster bench calls</c> prints: one entry per concurrency level, and calls per core.</summary>
public sealed record CallLatencyReport(
    string Benchmark,
    DateTimeOffset Date,
    MachineInfo Machine,
    IReadOnlyList<string> CodecsOffered,
    IReadOnlyList<string> Lines,
    IReadOnlyList<LevelReport> Levels,
    CapacityReport? Capacity);

/// <summary>One concurrency level.</summary>
/// <param name="Concurrency">Calls in flight.</param>
/// <param name="Seconds">How long the level placed calls.</param>
/// <param name="CallsPlaced">Calls answered by the agent.</param>
/// <param name="CallsFailed">Calls that could not be placed or did not end in time.</param>
/// <param name="Unanswered">Greetings and caller turns the agent did not answer within the response timeout.</param>
/// <param name="AnswerMs">End of caller speech (last voiced frame sent) → first voiced agent frame received, as the caller timed it.</param>
/// <param name="Agent">The agent's own per-turn breakdown, from the evidence packages of the level's calls.</param>
/// <param name="ProcessCpuCores">CPU time of the whole process (agent, edges and callers) over wall time.</param>
/// <param name="LoadAverageAtStart">The machine's 1-minute load average when the level started.</param>
/// <param name="LoadAverageAtEnd">And when it ended.</param>
/// <param name="ThreadPool">How the thread pool kept up during the level.</param>
/// <param name="Gc">The process's garbage-collection pauses during the level.</param>
/// <param name="Allocations">What the process (agent, edges and callers) allocated during the level, by type, sampled.</param>
/// <param name="CpuStealPercent">Share of the machine's CPU time the hypervisor gave to other guests during the level.</param>
/// <param name="SlowestTurns">The level's turns with the most platform overhead, worst first: what its p99 is made of.</param>
public sealed record LevelReport(
    int Concurrency,
    double Seconds,
    int CallsPlaced,
    int CallsFailed,
    int Unanswered,
    Percentiles AnswerMs,
    AgentBreakdown Agent,
    double ProcessCpuCores,
    double LoadAverageAtStart,
    double LoadAverageAtEnd,
    ThreadPoolReport ThreadPool,
    GcPauseReport Gc,
    AllocationReport Allocations,
    double? CpuStealPercent,
    IReadOnlyList<SlowTurn> SlowestTurns);

/// <summary>
/// One of a level's slowest turns: its platform overhead and the process's pauses while the turn was timed (the caller's
/// speech stop → the first packet), which tell a turn held up by a collection from one held up by the call path.
/// </summary>
/// <param name="OverheadMs">The turn's <see cref="GrainTurn.PlatformOverhead"/>.</param>
/// <param name="GrainMs">Its grain part.</param>
/// <param name="EdgeMs">Its edge part.</param>
/// <param name="EndToEndMs">Speech stop → first packet.</param>
/// <param name="AtSeconds">When the caller stopped speaking, in seconds from the start of the measured span.</param>
/// <param name="PausedMs">How long all threads were stopped during the turn, summed.</param>
/// <param name="Pauses">Those pauses, as "gen1 23.0 ms"; empty when there were none.</param>
/// <param name="PoolWaitMs">The longest a work item queued to the thread pool during the turn waited for a thread.</param>
/// <param name="CallsPlacedOrEnded">The level's callers that placed or ended a call during the turn or just before it.</param>
public sealed record SlowTurn(
    double OverheadMs,
    double? GrainMs,
    double? EdgeMs,
    double EndToEndMs,
    double AtSeconds,
    double PausedMs,
    IReadOnlyList<string> Pauses,
    double PoolWaitMs,
    int CallsPlacedOrEnded);

/// <summary>
/// The agent's breakdown of the level's turns (ms): p50 per stage, percentiles of the platform overhead and of its two
/// parts (<see cref="GrainTurn.GrainOverhead"/>, <see cref="GrainTurn.EdgeOverhead"/>).
/// </summary>
public sealed record AgentBreakdown(
    int Turns,
    double? EndpointingP50,
    double? SttFinalP50,
    double? DecisionP50,
    double? TtsFirstByteP50,
    double? FirstPacketOutP50,
    Percentiles EndToEnd,
    Percentiles PlatformOverhead,
    Percentiles GrainOverhead,
    Percentiles EdgeOverhead);

/// <summary>Calls per core: the largest level stepped up to whose p95 answer latency kept the goal.</summary>
/// <param name="TurnGoalMs">The p95 a level had to keep.</param>
/// <param name="LargestLevelHeld">The largest concurrency that kept it (every smaller stepped level kept it too); 0 if none.</param>
/// <param name="FirstLevelMissed">The first stepped level that did not, if any.</param>
/// <param name="Processors">Environment.ProcessorCount.</param>
/// <param name="CallsPerCore">LargestLevelHeld / Processors.</param>
public sealed record CapacityReport(double TurnGoalMs, int LargestLevelHeld, int? FirstLevelMissed, int Processors, double CallsPerCore);

/// <summary>Nearest-rank percentiles of a set of samples (ms); null when there were none.</summary>
public sealed record Percentiles(int Count, double? P50, double? P95, double? P99, double? Max)
{
    public static Percentiles Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0
            ? new Percentiles(0, null, null, null, null)
            : new Percentiles(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), Math.Round(sorted[^1], 1));
    }

    // Nearest rank: an observed value, never an interpolation between two turns.
    private static double Rank(double[] sorted, double p) => Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 1);
}

/// <summary>The thread pool over a level, sampled every 10 ms.</summary>
/// <param name="MaxThreads">Most pool threads alive at once (the pool starts with one per core).</param>
/// <param name="MaxPendingWorkItems">Longest queue of work items waiting for a pool thread.</param>
/// <param name="MeanPendingWorkItems">Mean of that queue over the samples: near 0 when the pool keeps up.</param>
/// <param name="WorkItemsPerSecond">Work items the pool completed per second.</param>
/// <param name="QueueWaitP99Ms">How long a work item queued from outside the pool waited for a thread, p99 of the samples.</param>
/// <param name="QueueWaitMaxMs">And the longest.</param>
/// <param name="Waits">Every sample, to line turns up with; not printed.</param>
public sealed record ThreadPoolReport(
    int MaxThreads,
    long MaxPendingWorkItems,
    double MeanPendingWorkItems,
    double WorkItemsPerSecond,
    double? QueueWaitP99Ms,
    double? QueueWaitMaxMs,
    [property: System.Text.Json.Serialization.JsonIgnore] IReadOnlyList<PoolWait> Waits)
{
    /// <summary>The longest wait of a sample queued in a span; 0 when none was.</summary>
    public double LongestWaitDuring(DateTimeOffset from, DateTimeOffset until) =>
        Waits.Where(w => w.QueuedAt >= from && w.QueuedAt <= until).Select(w => w.WaitedMs).DefaultIfEmpty(0).Max();
}
