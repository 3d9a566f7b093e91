using CallCluster.Runtime.Activation;
using CallCluster.Runtime.Hosting;
using CallCluster.Runtime.Tests.Grains;
using CallCluster.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallCluster.Runtime.Tests;

/// <summary>Timers and idle collection on a silo whose clock the test drives (ManualTimeProvider).</summary>
public sealed class ActivationLifecycleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Timer_ticks_are_turns_that_never_overlap_and_skip_while_one_runs()
    {
        var time = new ManualTimeProvider();
        var (silo, events, gate) = await StartSiloAsync(time, new SiloOptions());
        await using var _silo = silo;
        var ticker = silo.GrainFactory.GetGrain<ITickerGrain>("t");
        await ticker.Start(TimeSpan.FromSeconds(1));

        time.Advance(TimeSpan.FromSeconds(1));
        await events.WhenRecorded("tick-started 1").WaitAsync(Patience);

        // Five more periods pass while tick 1 is still running: none of them may start a tick.
        for (var i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        // A call queued now runs after tick 1 (turns never interleave), and ticks skipped meanwhile are not queued ahead of it.
        var completed = ticker.TicksCompleted();
        Assert.False(completed.IsCompleted);
        gate.ReleaseOne();
        Assert.Equal(1, await completed.WaitAsync(Patience));
        Assert.Equal(1, events.Count("tick-started"));

        time.Advance(TimeSpan.FromSeconds(1));
        await events.WhenRecorded("tick-started 2").WaitAsync(Patience);
        gate.ReleaseOne();
        await events.WhenRecorded("tick-finished 2").WaitAsync(Patience);
        Assert.Equal(1, await ticker.MaxConcurrentTicks());
    }

    [Fact]
    public async Task An_idle_activation_is_collected_after_the_collection_age_and_the_next_call_activates_it_again()
    {
        var time = new ManualTimeProvider();
        var options = new SiloOptions { CollectionAge = TimeSpan.FromMinutes(2), CollectionQuantum = TimeSpan.FromSeconds(30) };
        var (silo, events, _) = await StartSiloAsync(time, options);
        await using var _silo = silo;
        var grain = silo.GrainFactory.GetGrain<ICounterGrain>("idle");
        Assert.Equal(1, await grain.Increment());
        var first = await grain.Where();

        time.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(0, events.Count("deactivate"));

        time.Advance(TimeSpan.FromSeconds(60));
        await events.WhenRecorded($"deactivate idle {first.ActivationId} {DeactivationReasonCode.ActivationIdle}").WaitAsync(Patience);

        var second = await grain.Where();
        Assert.NotEqual(first.ActivationId, second.ActivationId);
        Assert.Equal(1, await grain.Get());
    }

    [Fact]
    public async Task A_busy_grain_is_not_collected_until_it_says_it_is_done()
    {
        var time = new ManualTimeProvider();
        var (silo, events, _) = await StartSiloAsync(time, new SiloOptions());
        await using var _silo = silo;
        var grain = silo.GrainFactory.GetGrain<ICounterGrain>("busy");
        await grain.StartWork();

        // Twice the default collection age passes: the grain said it is busy, so it stays.
        time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, events.Count("deactivate"));

        await grain.Finish();
        time.Advance(TimeSpan.FromMinutes(16));
        await events.WhenRecorded("deactivate busy").WaitAsync(Patience);
    }

    private static async Task<(Silo Silo, GrainEvents Events, TickGate Gate)> StartSiloAsync(ManualTimeProvider time, SiloOptions options)
    {
        var events = new GrainEvents();
        var gate = new TickGate();
        var services = new ServiceCollection().AddSingleton(events).AddSingleton(gate).BuildServiceProvider();
        var grains = new GrainClassRegistry().Add<ICounterGrain, CounterGrain>().Add<ITickerGrain, TickerGrain>();
        var silo = new Silo(options, SiloProviders.InMemory() with { TimeProvider = time }, grains, services);
        await silo.StartAsync();
        return (silo, events, gate);
    }
}
