using CallCluster.Runtime;
using CallCluster.Runtime.Persistence;

namespace CallCluster.Load.Runtime.Grains;

public sealed class FailoverState
{
    public long Value { get; set; }
}

public sealed class FailoverGrain([PersistentState("failover")] IPersistentState<FailoverState> state) : Grain, IFailoverGrain
{
    public async Task Write(long value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task<FailoverReading> Read() => Task.FromResult(new FailoverReading(state.State.Value, RuntimeIdentity, Environment.ProcessId));
}
