using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace CallCluster.Edge.Tests.Sip;

/// <summary>
/// Sums the edge's counters (meter CallCluster.Edge) while alive, by instrument and tags, so a load report says what the
/// edge itself refused or dropped next to what SIPp saw.
/// </summary>
internal sealed class EdgeCounterTally : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public EdgeCounterTally()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "CallCluster.Edge" && instrument is Counter<long>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var name = instrument.Name;
            foreach (var tag in tags)
            {
                name += $"{{{tag.Key}={tag.Value}}}";
            }

            _totals.AddOrUpdate(name, value, (_, total) => total + value);
        });
        _listener.Start();
    }

    public override string ToString() =>
        _totals.IsEmpty ? "none" : string.Join("; ", _totals.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} {t.Value}"));

    public void Dispose() => _listener.Dispose();
}
