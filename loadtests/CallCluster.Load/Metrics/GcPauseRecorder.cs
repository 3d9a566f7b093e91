using System.Diagnostics.Tracing;

namespace CallCluster.Load.Metrics;

/// <summary>
/// Records every garbage-collection pause of this process while it lives (the runtime's own GC events: suspension begins →
/// threads restarted), so a benchmark can tell a latency tail caused by a pause from one caused by its own code.
/// </summary>
public sealed class GcPauseRecorder : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int GcStartEvent = 1;
    private const int RestartEndEvent = 3;
    private const int SuspendEndEvent = 8;
    private const int SuspendBeginEvent = 9;

    private readonly object _gate = new();
    private readonly List<double> _pausesMs = [];
    private readonly List<double> _suspensionsMs = [];
    private readonly int[] _collections = new int[3];
    private readonly List<string> _fullReasons = [];
    private DateTime? _suspendedAt;

    /// <summary>Stops recording and summarises the pauses seen.</summary>
    public GcPauseReport Stop()
    {
        Dispose();
        lock (_gate)
        {
            return new GcPauseReport(
                _collections[0],
                _collections[1],
                _collections[2],
                Math.Round(_pausesMs.Sum(), 1),
                _pausesMs.Count == 0 ? 0 : Math.Round(_pausesMs.Max(), 1),
                _pausesMs.Count(p => p > 10),
                _suspensionsMs.Count == 0 ? 0 : Math.Round(_suspensionsMs.Max(), 1),
                [.. _fullReasons.Distinct(StringComparer.Ordinal)]);
        }
    }

    // The runtime's GC reasons (gc_reason in the runtime's gcinterface.h).
    private static string ReasonName(uint reason) => reason switch
    {
        0 => "small-object allocation",
        1 => "induced",
        2 => "low memory",
        4 => "large-object allocation",
        5 => "small-object heap out of space",
        6 => "large-object heap out of space",
        7 => "induced, not forced",
        8 => "stress",
        9 => "low memory, blocking",
        10 => "induced, compacting",
        11 => "low memory (host)",
        12 => "provisioning mode",
        13 => "low memory (host), blocking",
        14 => "bgc tuning (small-object heap)",
        15 => "bgc tuning (large-object heap)",
        16 => "bgc stepping",
        _ => $"reason {reason}",
    };

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        ArgumentNullException.ThrowIfNull(eventSource);
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        lock (_gate)
        {
            switch (eventData.EventId)
            {
                case SuspendBeginEvent:
                    _suspendedAt = eventData.TimeStamp;
                    break;
                case SuspendEndEvent when _suspendedAt is { } since:
                    _suspensionsMs.Add((eventData.TimeStamp - since).TotalMilliseconds);
                    break;
                case RestartEndEvent when _suspendedAt is { } since:
                    _pausesMs.Add((eventData.TimeStamp - since).TotalMilliseconds);
                    _suspendedAt = null;
                    break;
                case GcStartEvent when eventData.PayloadNames is { } names && eventData.Payload is { } payload
                    && names.IndexOf("Depth") is >= 0 and var at && payload[at] is uint depth:
                    _collections[Math.Min((int)depth, 2)]++;
                    if (depth >= 2 && names.IndexOf("Reason") is >= 0 and var reasonAt && payload[reasonAt] is uint reason)
                    {
                        _fullReasons.Add(ReasonName(reason));
                    }

                    break;
            }
        }
    }
}

/// <summary>The GC pauses over a measured span.</summary>
/// <param name="Gen0">Collections of generation 0 only.</param>
/// <param name="Gen1">Collections up to generation 1.</param>
/// <param name="Gen2">Full collections (blocking or background).</param>
/// <param name="TotalPauseMs">Time all threads were suspended, summed.</param>
/// <param name="MaxPauseMs">The longest single suspension.</param>
/// <param name="PausesOver10Ms">Suspensions longer than 10 ms.</param>
/// <param name="MaxSuspensionMs">
/// The longest wait, within a pause, for every thread to stop: a long one points at threads slow to reach a safe point
/// (or a suspending thread short of CPU), not at the collector's own work.
/// </param>
/// <param name="FullCollectionReasons">Why the full collections ran (the runtime's GC reason, e.g. a large-object allocation).</param>
public sealed record GcPauseReport(int Gen0, int Gen1, int Gen2, double TotalPauseMs, double MaxPauseMs, int PausesOver10Ms, double MaxSuspensionMs, IReadOnlyList<string> FullCollectionReasons);
