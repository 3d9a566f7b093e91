using CallCluster.Load.Metrics;
using CallCluster.Runtime;

namespace CallCluster.Load.Runtime.Grains;

/// <summary>The request/response benchmark's grain: an echo, and a caller that times echoes of another grain.</summary>
[GrainType("bench-ping")]
public interface IPingGrain : IGrainWithStringKey
{
    ValueTask<int> Ping(int value);

    /// <summary>The silo hosting this activation (its address as the silo prints it).</summary>
    Task<string> Silo();

    /// <summary>Calls <c>Ping</c> on the grain <paramref name="targetKey"/> <paramref name="count"/> times, one after another, and returns the round trips in µs.</summary>
    Task<LatencySnapshot> PingMany(string targetKey, int count);
}
