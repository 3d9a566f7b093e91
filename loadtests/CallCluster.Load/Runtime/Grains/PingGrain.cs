using System.Diagnostics;
using CallCluster.Load.Metrics;
using CallCluster.Runtime;

namespace CallCluster.Load.Runtime.Grains;

public sealed class PingGrain : Grain, IPingGrain
{
    public ValueTask<int> Ping(int value) => ValueTask.FromResult(value);

    public Task<string> Silo() => Task.FromResult(RuntimeIdentity);

    public async Task<LatencySnapshot> PingMany(string targetKey, int count)
    {
        var target = GrainFactory.GetGrain<IPingGrain>(targetKey);
        var histogram = new LatencyHistogram();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await target.Ping(i);
            histogram.Record((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }

        return histogram.Snapshot();
    }
}
