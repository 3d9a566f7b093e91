using System.Diagnostics.Metrics;

namespace CallCluster.Edge;

/// <summary>The edge layer's instruments, under the <c>CallCluster.Edge</c> meter.</summary>
internal static class EdgeMetrics
{
    public const string MeterName = "CallCluster.Edge";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>How late each playout tick ran against its 20 ms grid.</summary>
    public static readonly Histogram<double> TickLateness = Meter.CreateHistogram<double>(
        "callcluster.edge.playout.tick_lateness", unit: "ms", description: "Lateness of each 20 ms playout tick against its due time.");

    /// <summary>Ticks skipped after a stall longer than the catch-up allowance.</summary>
    public static readonly Counter<long> TicksSkipped = Meter.CreateCounter<long>(
        "callcluster.edge.playout.ticks_skipped", description: "Playout ticks skipped after a stall.");

    /// <summary>Caller frames dropped because the handler fell more than its allowance behind.</summary>
    public static readonly Counter<long> CallerFramesDropped = Meter.CreateCounter<long>(
        "callcluster.edge.caller_frames_dropped", description: "Caller audio frames dropped because the handler fell behind.");

    /// <summary>Calls currently connected to a handler.</summary>
    public static readonly UpDownCounter<long> ActiveCalls = Meter.CreateUpDownCounter<long>(
        "callcluster.edge.active_calls", description: "Calls whose media is connected to a handler.");
}
