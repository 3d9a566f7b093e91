using CallCluster.Runtime.Persistence;

namespace CallCluster.Runtime.Tests.Grains;

public sealed class CounterState
{
    public int Value { get; set; }
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state, GrainEvents events) : Grain, ICounterGrain
{
    private readonly string _activationId = Guid.NewGuid().ToString("N");
    private readonly List<int> _appended = [];
    private bool _inTurn;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        events.Record($"activate {GrainId.Key} {_activationId} value={state.State.Value}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        events.Record($"deactivate {GrainId.Key} {_activationId} {reason.Code}");
        return Task.CompletedTask;
    }

    public async Task<int> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public ValueTask<int> Get() => ValueTask.FromResult(state.State.Value);

    public Task<ActivationInfo> Where() => Task.FromResult(new ActivationInfo(RuntimeSilo.Current(this), _activationId, RuntimeSilo.Epoch(this)));

    public async Task<int> SlowAppend(int value)
    {
        if (_inTurn)
        {
            throw new InvalidOperationException("Two turns overlapped.");
        }

        _inTurn = true;
        await Task.Yield();
        await Task.Delay(1);
        _appended.Add(value);
        _inTurn = false;
        return _appended.Count;
    }

    public Task<IReadOnlyList<int>> Appended() => Task.FromResult<IReadOnlyList<int>>([.. _appended]);

    public Task StartWork()
    {
        DelayDeactivation(TimeSpan.FromHours(1));
        events.Record($"work-started {GrainId.Key}");
        return Task.CompletedTask;
    }

    public Task Finish()
    {
        DelayDeactivation(TimeSpan.Zero);
        events.Record($"work-finished {GrainId.Key}");
        return Task.CompletedTask;
    }

    public Task<string> Echo(string text, byte[] bytes, long number, bool flag, Guid id, TimeSpan span, DateTimeOffset when, Color color, Sample sample) =>
        Task.FromResult($"{text}|{Convert.ToHexString(bytes)}|{number}|{flag}|{id}|{span}|{when:O}|{color}|{sample.Name}:{string.Join(',', sample.Values)}:{sample.Next?.Name}");

    public Task Throw(string message) => throw new ArgumentException(message);

    public async Task<(int Value, string Silo)> IncrementOther(string key)
    {
        var other = GrainFactory.GetGrain<ICounterGrain>(key);
        var value = await other.Increment();
        return (value, (await other.Where()).Silo);
    }

    public Task Retire()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
