using System.Globalization;
using CallCluster.Load.Calls.Reporting;

namespace CallCluster.Host.Commands;

internal static partial class DemoCommand
{
    /// <summary>One call's outcome: the caller's side (<see cref="CallReport"/>) and the agent's evidence disposition.</summary>
    private sealed record DemoCall(
        int Number,
        string Scenario,
        string CallId,
        string ExpectedDisposition,
        string? Disposition,
        string CallerOutcome,
        int Turns,
        IReadOnlyList<double> ResponseLatenciesMs,
        string? Failure)
    {
        public bool Passed => Failure is null;
    }

    /// <summary>The JSON printed by <c>--json</c>: every call and the latency percentiles over all turns.</summary>
    private sealed record DemoReport(int Calls, int Passed, int Failed, LatencySummary TurnLatencyMs, IReadOnlyList<DemoCall> Results);

    /// <summary>Caller-perceived turn latency (end of the caller's speech to the agent's first audio), in ms.</summary>
    private sealed record LatencySummary(int Turns, double? P50, double? P90, double? P99, double? Max)
    {
        public static LatencySummary From(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length == 0
                ? new LatencySummary(0, null, null, null, null)
                : new LatencySummary(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.90), Percentile(sorted, 0.99), sorted[^1]);
        }

        public override string ToString() => Turns == 0
            ? "no turns measured"
            : string.Create(CultureInfo.InvariantCulture, $"turn latency over {Turns} turns: p50 {P50:0} ms, p90 {P90:0} ms, p99 {P99:0} ms, max {Max:0} ms");

        // Nearest rank: an observed value, never an interpolation between two turns.
        private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
