using System.Diagnostics.Tracing;
using System.Globalization;

namespace CallCluster.Load.Metrics;

/// <summary>
/// What this process allocates while it lives, by type, from the runtime's allocation ticks (one event per ~100 KB
/// allocated, naming the type of the object that crossed the mark): a sample, cheap enough to leave on during a
/// benchmark, that says which types feed the collections behind a latency tail.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int AllocationTickEvent = 10;

    private readonly object _gate = new();
    private readonly Dictionary<string, ulong> _bytesByType = new(StringComparer.Ordinal);

    /// <summary>Forgets the allocations sampled so far.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _bytesByType.Clear();
        }
    }

    /// <summary>Stops sampling and gives the <paramref name="top"/> types by sampled bytes.</summary>
    public AllocationReport Stop(int top = 8)
    {
        Dispose();
        lock (_gate)
        {
            var total = _bytesByType.Values.Aggregate(0UL, (sum, bytes) => sum + bytes);
            return new AllocationReport(
                Math.Round(total / 1e6, 1),
                [.. _bytesByType
                    .OrderByDescending(pair => pair.Value)
                    .Take(top)
                    .Select(pair => new AllocatedType(pair.Key, Math.Round(pair.Value / 1e6, 1), total == 0 ? 0 : Math.Round(100.0 * pair.Value / total, 1)))]);
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        ArgumentNullException.ThrowIfNull(eventSource);
        if (eventSource.Name == RuntimeSource)
        {
            // Allocation ticks are verbose-level GC events.
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.EventId != AllocationTickEvent || eventData.PayloadNames is not { } names || eventData.Payload is not { } payload)
        {
            return;
        }

        var type = names.IndexOf("TypeName") is >= 0 and var typeAt && payload[typeAt] is string name ? name : "(unknown)";

        // Arrays by size too: which short[] is it, the 20 ms frame (656 bytes) or a second of audio?
        if (type.EndsWith("[]", StringComparison.Ordinal) && names.IndexOf("ObjectSize") is >= 0 and var sizeAt && payload[sizeAt] is ulong size)
        {
            type = string.Create(CultureInfo.InvariantCulture, $"{type} of {size} B");
        }

        var bytes = names.IndexOf("AllocationAmount64") is >= 0 and var amountAt && payload[amountAt] is ulong amount ? amount : 0;
        lock (_gate)
        {
            _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + bytes;
        }
    }
}

/// <summary>The sampled allocations over a measured span.</summary>
/// <param name="SampledMegabytes">Bytes the allocation ticks accounted for (about all allocated), in MB.</param>
/// <param name="Top">The types that took most of it.</param>
public sealed record AllocationReport(double SampledMegabytes, IReadOnlyList<AllocatedType> Top);

/// <summary>One type's share of the sampled allocations.</summary>
public sealed record AllocatedType(string Type, double Megabytes, double Percent);
