namespace CallCluster.Load.Failover;

/// <summary>The figures of one failover run and the acceptance verdict (issue 5).</summary>
public sealed record FailoverReport
{
    /// <summary>Issue 5's bound on the gap in agent audio, p95.</summary>
    public const double GapP95TargetMs = 1000;

    public string Benchmark { get; init; } = "failover";

    public required DateTimeOffset Date { get; init; }

    public required int Processors { get; init; }

    /// <summary>The 1-minute load average when the kill was sent (/proc/loadavg; 0 off Linux).</summary>
    public required double LoadAverageAtKill { get; init; }

    public required int Calls { get; init; }

    /// <summary>The silo process killed with SIGKILL, and how many calls it held then.</summary>
    public required string KilledSilo { get; init; }

    public required int CallsOnKilledSilo { get; init; }

    /// <summary>Seconds from the first call's start to the kill.</summary>
    public required double KillAfterSeconds { get; init; }

    public required int CallsFinished { get; init; }

    public required int TurnsLost { get; init; }

    /// <summary>Refund rows beyond one per call.</summary>
    public required int DuplicateWrites { get; init; }

    /// <summary>Calls with no refund row, or one for another order.</summary>
    public required int MissingWrites { get; init; }

    /// <summary>Refund requests that reached the store again after the refund existed (no row was added).</summary>
    public required int RepeatedWriteAttempts { get; init; }

    /// <summary>Gap in agent audio over the calls that failed over, in ms; null when none were measured.</summary>
    public required double? GapP50Ms { get; init; }

    public required double? GapP95Ms { get; init; }

    public required double? GapMaxMs { get; init; }

    public required IReadOnlyList<FailoverCallResult> PerCall { get; init; }

    /// <summary>Every acceptance condition that failed, in words; empty when the run passed.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            var problems = new List<string>();
            if (CallsFinished != Calls)
            {
                problems.Add($"{Calls - CallsFinished} of {Calls} calls did not finish their scripts: "
                    + string.Join("; ", PerCall.Where(c => c.Failure is not null).Select(c => $"#{c.Number} {c.Failure}")));
            }

            if (CallsOnKilledSilo == 0)
            {
                problems.Add("the killed silo held no call: nothing failed over");
            }

            if (TurnsLost > 0)
            {
                problems.Add($"{TurnsLost} turns lost");
            }

            if (DuplicateWrites > 0)
            {
                problems.Add($"{DuplicateWrites} duplicate refund rows");
            }

            if (MissingWrites > 0)
            {
                problems.Add($"{MissingWrites} calls without their one refund row");
            }

            if (GapP95Ms is not { } p95 || PerCall.Any(c => c.FailedOver && c.GapMs is null))
            {
                problems.Add("the agent was not heard again after the kill on every call that failed over");
            }
            else if (p95 > GapP95TargetMs)
            {
                problems.Add($"gap in agent audio p95 {p95:0} ms > {GapP95TargetMs:0} ms");
            }

            return problems;
        }
    }
}
