using System.Diagnostics;
using CallCluster.Load.Metrics;
using CallCluster.Load.Runtime.Grains;
using CallCluster.Runtime;

namespace CallCluster.Load.Runtime;

/// <summary>Request/response latency and throughput: client to grain, grain to grain across silos.</summary>
internal static class RequestBenchmark
{
    public static async Task<RequestFigures> RunAsync(IClusterClient client, RuntimeBenchmarkProfile profile, CancellationToken cancellationToken)
    {
        // Activate the grains and learn where placement put them.
        var keys = Enumerable.Range(0, profile.PingGrains).Select(i => $"ping-{i}").ToList();
        var silos = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            silos[key] = await client.GetGrain<IPingGrain>(key).Silo();
        }

        var clientLatency = await ClientRoundTripsAsync(client, keys, profile.ClientCalls, cancellationToken);
        var crossSilo = await CrossSiloRoundTripsAsync(client, silos, profile.CrossSiloCalls);
        var (requests, seconds) = await ThroughputAsync(client, keys, profile.Concurrency, profile.ThroughputDuration);
        return new RequestFigures(
            crossSilo.Total,
            crossSilo.Percentile(50),
            crossSilo.Percentile(99),
            clientLatency.Total,
            clientLatency.Percentile(50),
            clientLatency.Percentile(99),
            profile.Concurrency,
            seconds,
            requests / seconds);
    }

    private static async Task<LatencySnapshot> ClientRoundTripsAsync(IClusterClient client, List<string> keys, int calls, CancellationToken cancellationToken)
    {
        var grains = keys.Select(client.GetGrain<IPingGrain>).ToList();
        for (var i = 0; i < Math.Min(calls, 200); i++)
        {
            await grains[i % grains.Count].Ping(i);
        }

        var histogram = new LatencyHistogram();
        for (var i = 0; i < calls; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            await grains[i % grains.Count].Ping(i);
            histogram.Record((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }

        return histogram.Snapshot();
    }

    /// <summary>For every ordered pair of silos, a grain on the first times calls to a grain on the second.</summary>
    private static async Task<LatencySnapshot> CrossSiloRoundTripsAsync(IClusterClient client, Dictionary<string, string> silos, int calls)
    {
        var bySilo = silos.GroupBy(p => p.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
        var pairs = bySilo.Keys.SelectMany(from => bySilo.Keys.Where(to => to != from).Select(to => (Caller: bySilo[from], Target: bySilo[to]))).ToList();
        if (pairs.Count == 0)
        {
            throw new InvalidOperationException($"Placement put all {silos.Count} grains on one silo; no cross-silo pair to measure.");
        }

        var histogram = new LatencyHistogram();
        var perPair = Math.Max(1, calls / pairs.Count);
        foreach (var (caller, target) in pairs)
        {
            var grain = client.GetGrain<IPingGrain>(caller);
            await grain.PingMany(target, Math.Min(perPair, 200));
            histogram.Add(await grain.PingMany(target, perPair));
        }

        return histogram.Snapshot();
    }

    private static async Task<(long Requests, double Seconds)> ThroughputAsync(IClusterClient client, List<string> keys, int concurrency, TimeSpan duration)
    {
        long completed = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var grain = client.GetGrain<IPingGrain>(keys[worker % keys.Count]);
            while (stopwatch.Elapsed < duration)
            {
                await grain.Ping(worker);
                Interlocked.Increment(ref completed);
            }
        });
        await Task.WhenAll(workers);
        return (completed, stopwatch.Elapsed.TotalSeconds);
    }
}
