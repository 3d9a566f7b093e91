using System.Diagnostics.Tracing;

namespace CallCluster.Load.Metrics;

/// <summary>
/// Records every garbage-collection pause of this process while it lives (the runtime's own GC events: suspension begins →
/// threads restarted), so a benchmark can tell a latency tail caused by a pause from one caused by its own code, and
/// where the longest pause went: stopping the threads, collecting, or restarting them.
/// </summary>
public sealed class GcPauseRecorder : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int GcStartEvent = 1;
    private const int GcEndEvent = 2;
    private const int RestartEndEvent = 3;
    private const int RestartBeginEvent = 7;
    private const int SuspendEndEvent = 8;
    private const int SuspendBeginEvent = 9;
    private const int HeapStatsEvent = 4;
    private const int MarkWithTypeEvent = 202;

    private readonly object _gate = new();
    private readonly List<RuntimePause> _pauses = [];
    private readonly int[] _collections = new int[3];
    private readonly List<string> _fullReasons = [];

    // Collections started and not yet ended, by the runtime's GC count (a background GC ends outside the pause it began in).
    private readonly Dictionary<uint, (DateTime At, int Depth)> _collecting = [];
    private Pause? _pause;
    private GcPauseAnatomy? _longest;

    /// <summary>Forgets the pauses seen so far: what <see cref="Stop"/> summarises starts now (a pause under way still counts).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _pauses.Clear();
            Array.Clear(_collections);
            _fullReasons.Clear();
            _longest = null;
        }
    }

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
                Math.Round(_pauses.Sum(p => p.TotalMs), 1),
                _pauses.Count == 0 ? 0 : Math.Round(_pauses.Max(p => p.TotalMs), 1),
                _pauses.Count(p => p.TotalMs > 10),
                _longest,
                [.. _fullReasons.Distinct(StringComparer.Ordinal)],
                [.. _pauses]);
        }
    }

    // Not every suspension is a collection (the runtime's SUSPEND_REASON): the runtime also stops the threads for its own
    // bookkeeping, and a debugger or a profiler can.
    private static string Kind(Pause pause) => pause.Generation >= 0
        ? $"gen{pause.Generation}"
        : pause.SuspendReason switch
        {
            0 => "runtime (not a collection)",
            1 or 6 => "collection",
            5 or 7 => "debugger",
            8 or 9 => "profiler",
            var other => $"suspension {other}",
        };

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

    /// <summary>A pause in progress.</summary>
    private sealed class Pause
    {
        public DateTime Began { get; init; }

        /// <summary>The runtime's reason for suspending (SUSPEND_REASON): 1 and 6 are for a collection.</summary>
        public uint SuspendReason { get; init; }

        public DateTime? Suspended { get; set; }

        public DateTime? Restarting { get; set; }

        public double CollectingMs { get; set; }

        public int Generation { get; set; } = -1;

        public string? Reason { get; set; }

        public string? TriggeredBy { get; set; }

        /// <summary>Bytes the collection found alive, by where it found them (the runtime's mark root types).</summary>
        public long[] Marked { get; } = new long[6];

        public long PinnedObjects { get; set; }

        public long Handles { get; set; }

        public long Gen2Bytes { get; set; }

        public long PromotedBytes { get; set; }
    }

    // The runtime's mark root types (GC_ROOT_KIND: stack, finalization queue, handles, older generations' cards,
    // sized references, mark stack overflow).
    private static readonly string[] RootNames = ["stack", "finalizer", "handles", "cards", "sized", "overflow"];

    private static string MarkedSummary(long[] marked) =>
        string.Join(", ", marked.Select((bytes, kind) => (bytes, kind)).Where(m => m.bytes > 0)
            .Select(m => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{RootNames[m.kind]} {m.bytes / 1048576.0:0.0} MB")));

    // The collection runs on the thread whose allocation started it, at that thread's priority: a pause's length
    // depends on who that was (a real-time playout thread, a pool thread, a decoder).
    private static string ThreadName(long osThreadId)
    {
        try
        {
            return File.ReadAllText($"/proc/self/task/{osThreadId}/comm").Trim();
        }
        catch (IOException)
        {
            return $"thread {osThreadId}";
        }
    }

    private static object? Payload(EventWrittenEventArgs e, string name) =>
        e.PayloadNames is { } names && e.Payload is { } values && names.IndexOf(name) is >= 0 and var at ? values[at] : null;

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
            var at = eventData.TimeStamp;
            switch (eventData.EventId)
            {
                case SuspendBeginEvent:
                    _pause = new Pause { Began = at, SuspendReason = Payload(eventData, "Reason") is uint suspendReason ? suspendReason : 0 };
                    break;
                case SuspendEndEvent when _pause is { } pause:
                    pause.Suspended = at;
                    break;
                case RestartBeginEvent when _pause is { } pause:
                    pause.Restarting = at;
                    break;
                case RestartEndEvent when _pause is { } pause:
                    var total = (at - pause.Began).TotalMilliseconds;
                    _pauses.Add(new RuntimePause(new DateTimeOffset(pause.Began.ToUniversalTime()), total, Kind(pause)));
                    if (total > (_longest?.TotalMs ?? 0))
                    {
                        _longest = new GcPauseAnatomy(
                            Math.Round(total, 1),
                            Math.Round(((pause.Suspended ?? pause.Began) - pause.Began).TotalMilliseconds, 1),
                            Math.Round(pause.CollectingMs, 1),
                            Math.Round((at - (pause.Restarting ?? at)).TotalMilliseconds, 1),
                            pause.Generation,
                            pause.Reason,
                            pause.TriggeredBy,
                            MarkedSummary(pause.Marked),
                            Math.Round(pause.PromotedBytes / 1048576.0, 1),
                            Math.Round(pause.Gen2Bytes / 1048576.0, 1),
                            pause.PinnedObjects,
                            pause.Handles);
                    }

                    _pause = null;
                    break;
                case GcStartEvent when Payload(eventData, "Count") is uint count && Payload(eventData, "Depth") is uint depth:
                    _collections[Math.Min((int)depth, 2)]++;
                    _collecting[count] = (at, (int)depth);
                    if (_pause is { } current)
                    {
                        current.Generation = Math.Max(current.Generation, (int)depth);
                        current.Reason = Payload(eventData, "Reason") is uint why ? ReasonName(why) : null;
                        current.TriggeredBy = ThreadName(eventData.OSThreadId);
                    }

                    if (depth >= 2 && Payload(eventData, "Reason") is uint reason)
                    {
                        _fullReasons.Add(ReasonName(reason));
                    }

                    break;
                case MarkWithTypeEvent when _pause is { } marking && Payload(eventData, "Type") is uint kind && kind < 6 && Payload(eventData, "Bytes") is ulong bytes:
                    marking.Marked[kind] += (long)bytes;
                    break;
                case HeapStatsEvent when _pause is { } stats:
                    stats.PinnedObjects = Convert.ToInt64(Payload(eventData, "PinnedObjectCount"), System.Globalization.CultureInfo.InvariantCulture);
                    stats.Handles = Convert.ToInt64(Payload(eventData, "GCHandleCount"), System.Globalization.CultureInfo.InvariantCulture);
                    stats.Gen2Bytes = Convert.ToInt64(Payload(eventData, "GenerationSize2"), System.Globalization.CultureInfo.InvariantCulture);
                    stats.PromotedBytes = Convert.ToInt64(Payload(eventData, "TotalPromotedSize0"), System.Globalization.CultureInfo.InvariantCulture)
                        + Convert.ToInt64(Payload(eventData, "TotalPromotedSize1"), System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case GcEndEvent when Payload(eventData, "Count") is uint count && _collecting.Remove(count, out var started):
                    if (_pause is { } inPause && started.At >= inPause.Began)
                    {
                        inPause.CollectingMs += (at - started.At).TotalMilliseconds;
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
/// <param name="Longest">Where the longest pause went; null when there was none.</param>
/// <param name="FullCollectionReasons">Why the full collections ran (the runtime's GC reason, e.g. a large-object allocation).</param>
/// <param name="Pauses">Every suspension, to line latency samples up with; not printed.</param>
public sealed record GcPauseReport(
    int Gen0,
    int Gen1,
    int Gen2,
    double TotalPauseMs,
    double MaxPauseMs,
    int PausesOver10Ms,
    GcPauseAnatomy? Longest,
    IReadOnlyList<string> FullCollectionReasons,
    [property: System.Text.Json.Serialization.JsonIgnore] IReadOnlyList<RuntimePause> Pauses)
{
    /// <summary>The pauses that overlapped a span.</summary>
    public IReadOnlyList<RuntimePause> During(DateTimeOffset from, DateTimeOffset until) =>
        [.. Pauses.Where(p => p.Began < until && p.Began.AddMilliseconds(p.TotalMs) > from)];
}

/// <summary>One suspension of all managed threads.</summary>
/// <param name="Began">When the runtime began stopping the threads.</param>
/// <param name="TotalMs">Until they were all running again.</param>
/// <param name="Kind">"gen0"–"gen2" for a collection, else why the runtime stopped them.</param>
public sealed record RuntimePause(DateTimeOffset Began, double TotalMs, string Kind);

/// <summary>
/// One pause taken apart. What is left of <paramref name="TotalMs"/> after the three parts is time between them (the
/// collector preparing, or waiting for a background collection). A long <paramref name="SuspendingMs"/> points at threads
/// slow to reach a safe point; a <paramref name="CollectingMs"/> far above what the collection's size explains, at the
/// collecting thread being short of CPU.
/// </summary>
/// <param name="TotalMs">Suspension begins → threads restarted.</param>
/// <param name="SuspendingMs">Until every managed thread had stopped.</param>
/// <param name="CollectingMs">The collections that began and ended within the pause.</param>
/// <param name="RestartingMs">Waking the threads.</param>
/// <param name="Generation">The deepest generation collected (-1: none began in the pause).</param>
/// <param name="Reason">Why the collection ran (the runtime's GC reason).</param>
/// <param name="TriggeredBy">The name of the thread whose allocation started it (its collection runs on that thread).</param>
/// <param name="Marked">
/// The live bytes the collection found in the generations it collected, by the kind of root it reached them from (stack,
/// handles, cards = references from older generations): its marking work.
/// </param>
/// <param name="PromotedMb">Bytes that survived into an older generation, in MB: its copying work.</param>
/// <param name="Gen2Mb">Generation 2's size after it, in MB.</param>
/// <param name="PinnedObjects">Objects pinned while it ran (the pinned object heap's are not counted).</param>
/// <param name="Handles">GC handles alive.</param>
public sealed record GcPauseAnatomy(
    double TotalMs,
    double SuspendingMs,
    double CollectingMs,
    double RestartingMs,
    int Generation,
    string? Reason,
    string? TriggeredBy,
    string Marked,
    double PromotedMb,
    double Gen2Mb,
    long PinnedObjects,
    long Handles);
