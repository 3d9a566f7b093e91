using CallCluster.Runtime.Tests.Grains;

namespace CallCluster.Runtime.Tests;

/// <summary>Grain calls over real loopback TCP: arguments, results, errors, persistence, single activation, turns.</summary>
public sealed class GrainCallTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Arguments_and_results_of_every_supported_kind_cross_the_wire()
    {
        var (cluster, _) = await ClusterFactory.DeployAsync(silos: 1);
        await using var _cluster = cluster;
        var grain = cluster.Client.GetGrain<ICounterGrain>("echo");
        var id = Guid.NewGuid();
        var when = new DateTimeOffset(2026, 11, 21, 5, 0, 0, TimeSpan.FromHours(2));
        var text = await grain.Echo("héllo", [1, 2, 255], long.MinValue, true, id, TimeSpan.FromMilliseconds(20), when, Color.Blue,
            new Sample("a", [1, 2], new Sample("b", [], null)));
        Assert.Equal($"héllo|0102FF|{long.MinValue}|True|{id}|00:00:00.0200000|{when:O}|Blue|a:1,2:b", text);
    }

    [Fact]
    public async Task A_grain_exception_reaches_the_caller_with_its_type_and_message()
    {
        var (cluster, _) = await ClusterFactory.DeployAsync(silos: 1);
        await using var _cluster = cluster;
        var error = await Assert.ThrowsAsync<GrainCallException>(() => cluster.Client.GetGrain<ICounterGrain>("thrower").Throw("bad input"));
        Assert.Equal(typeof(ArgumentException).FullName, error.RemoteExceptionType);
        Assert.Equal("bad input", error.Message);

        // The activation survives its method's exception.
        Assert.Equal(1, await cluster.Client.GetGrain<ICounterGrain>("thrower").Increment());
    }

    [Fact]
    public async Task Two_hundred_concurrent_first_calls_from_three_clients_across_three_silos_meet_one_activation()
    {
        var (cluster, events) = await ClusterFactory.DeployAsync(silos: 3);
        await using var _cluster = cluster;
        var clients = new[] { cluster.Client, await cluster.CreateClientAsync(), await cluster.CreateClientAsync() };

        var calls = Enumerable.Range(0, 200)
            .Select(i => clients[i % clients.Length].GetGrain<ICounterGrain>("contended").Where())
            .ToList();
        var answers = await Task.WhenAll(calls).WaitAsync(Patience);

        Assert.Single(answers.Select(a => a.ActivationId).Distinct(StringComparer.Ordinal));
        Assert.Single(answers.Select(a => a.Silo).Distinct(StringComparer.Ordinal));
        Assert.Equal(1, events.Count("activate contended "));
    }

    [Fact]
    public async Task Concurrent_calls_to_one_grain_run_one_turn_at_a_time_and_none_is_lost()
    {
        var (cluster, _) = await ClusterFactory.DeployAsync(silos: 2);
        await using var _cluster = cluster;
        var second = await cluster.CreateClientAsync();
        var calls = Enumerable.Range(0, 100)
            .Select(i => (i % 2 == 0 ? cluster.Client : second).GetGrain<ICounterGrain>("turns").SlowAppend(i))
            .ToList();
        await Task.WhenAll(calls).WaitAsync(Patience);

        var appended = await cluster.Client.GetGrain<ICounterGrain>("turns").Appended();
        Assert.Equal(Enumerable.Range(0, 100), appended.Order());
    }

    [Fact]
    public async Task Calls_from_one_caller_awaited_in_sequence_run_in_that_order()
    {
        var (cluster, _) = await ClusterFactory.DeployAsync(silos: 2);
        await using var _cluster = cluster;
        var grain = cluster.Client.GetGrain<ICounterGrain>("sequence");
        for (var i = 0; i < 20; i++)
        {
            await grain.SlowAppend(i);
        }

        Assert.Equal(Enumerable.Range(0, 20), await grain.Appended());
    }

    [Fact]
    public async Task State_written_by_one_activation_is_read_by_the_next()
    {
        var (cluster, events) = await ClusterFactory.DeployAsync(silos: 1);
        await using var _cluster = cluster;
        var grain = cluster.Client.GetGrain<ICounterGrain>("persisted");
        Assert.Equal(1, await grain.Increment());
        Assert.Equal(2, await grain.Increment());

        var silo = cluster.Silos[0];
        await cluster.StopSiloAsync(silo);
        await events.WhenRecorded("deactivate persisted ").WaitAsync(Patience);
        await cluster.StartAdditionalSiloAsync();

        var client = await cluster.CreateClientAsync();
        Assert.Equal(3, await client.GetGrain<ICounterGrain>("persisted").Increment());
        Assert.Equal(1, events.Count("activate persisted ") - 1);
    }

    [Fact]
    public async Task Grains_call_grains_on_any_silo()
    {
        var (cluster, _) = await ClusterFactory.DeployAsync(silos: 3);
        await using var _cluster = cluster;
        var caller = cluster.Client.GetGrain<ICounterGrain>("caller");
        var silos = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 30; i++)
        {
            var (value, silo) = await caller.IncrementOther($"callee{i % 10}").WaitAsync(Patience);
            Assert.Equal((i / 10) + 1, value);
            silos.Add(silo);
        }

        // Ten callees spread by placement over three silos: some of the calls crossed silos.
        Assert.True(silos.Count > 1, $"all callees landed on {string.Join(", ", silos)}");
    }

    [Fact]
    public async Task DeactivateOnIdle_ends_the_activation_after_the_turn_and_the_next_call_starts_a_new_one()
    {
        var (cluster, events) = await ClusterFactory.DeployAsync(silos: 1);
        await using var _cluster = cluster;
        var grain = cluster.Client.GetGrain<ICounterGrain>("retiring");
        await grain.Increment();
        var first = await grain.Where();
        await grain.Retire();
        await events.WhenRecorded($"deactivate retiring {first.ActivationId} ApplicationRequested").WaitAsync(Patience);
        Assert.NotEqual(first.ActivationId, (await grain.Where()).ActivationId);
        Assert.Equal(1, await grain.Get());
    }
}
