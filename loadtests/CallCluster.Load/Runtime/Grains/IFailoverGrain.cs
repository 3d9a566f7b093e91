using CallCluster.Runtime;

namespace CallCluster.Load.Runtime.Grains;

/// <summary>The failover benchmark's grain: a persisted number, and where its activation lives.</summary>
[GrainType("bench-failover")]
public interface IFailoverGrain : IGrainWithStringKey
{
    /// <summary>Persists <paramref name="value"/> (a fenced write to the cluster store).</summary>
    Task Write(long value);

    /// <summary>The persisted value as this activation loaded or wrote it, and where the activation lives.</summary>
    Task<FailoverReading> Read();
}

public sealed record FailoverReading(long Value, string Silo, int ProcessId);
