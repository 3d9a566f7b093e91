using CallCluster.Runtime.Tests.Grains;

namespace CallCluster.Runtime.Tests.Cluster.Grains;

[GrainType("stale-writer")]
public interface IStaleWriterGrain : IGrainWithStringKey
{
    /// <summary>Persists <paramref name="value"/>.</summary>
    Task Set(int value);

    ValueTask<int> Get();

    Task<ActivationInfo> Where();

    /// <summary>Starts a turn that waits for <see cref="WriteGate"/> and then persists <paramref name="value"/>:
    /// a write that can be held until after the activation has gone stale.</summary>
    Task HoldThenWrite(int value);
}
