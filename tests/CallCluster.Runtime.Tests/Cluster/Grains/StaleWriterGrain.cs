using CallCluster.Runtime.Persistence;
using CallCluster.Runtime.Tests.Grains;

namespace CallCluster.Runtime.Tests.Cluster.Grains;

/// <summary>Records the outcome of a held write (accepted, or refused with the store's reason) in <see cref="GrainEvents"/>.</summary>
public sealed class StaleWriterGrain([PersistentState("ledger")] IPersistentState<CounterState> state, GrainEvents events, WriteGate gate) : Grain, IStaleWriterGrain
{
    private readonly string _activationId = Guid.NewGuid().ToString("N");

    public async Task Set(int value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public ValueTask<int> Get() => ValueTask.FromResult(state.State.Value);

    public Task<ActivationInfo> Where() => Task.FromResult(new ActivationInfo(RuntimeSilo.Current(this), _activationId, RuntimeSilo.Epoch(this)));

    public async Task HoldThenWrite(int value)
    {
        events.Record($"holding {GrainId.Key} {_activationId}");
        await gate.WaitAsync();
        state.State.Value = value;
        try
        {
            await state.WriteStateAsync();
            events.Record($"stale-write {GrainId.Key} {_activationId} accepted");
        }
        catch (InconsistentStateException e)
        {
            events.Record($"stale-write {GrainId.Key} {_activationId} refused: {e.Message}");
            throw;
        }
    }
}
