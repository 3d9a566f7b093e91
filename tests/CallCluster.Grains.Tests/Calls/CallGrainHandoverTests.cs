using CallCluster.Grains.Calls;
using CallCluster.Grains.Tests.Support;
using CallCluster.Testing;

namespace CallCluster.Grains.Tests.Calls;

/// <summary>The silo hosting a call is stopped gracefully mid-call: the call is never cut short.</summary>
[Trait("Category", TestCategories.EndToEnd)]
public sealed class CallGrainHandoverTests
{
    [Fact]
    public async Task A_call_on_a_silo_stopped_gracefully_finishes_its_script_there_within_the_grace()
    {
        // A grace far longer than the call: only the end of the call lets the stop proceed.
        await using var harness = await CallHarness.StartAsync(configureSilo: o => o.ShutdownGrace = TimeSpan.FromMinutes(5));
        var (_, caller) = await harness.CallAsync("drain-1");
        await using var _caller = caller;
        await harness.SayAfterAgentAsync(caller, 1, "I want to return something");
        await caller.WaitForAgentTurnsAsync(2, CallHarness.Patience);

        var grain = harness.Cluster.Client.GetGrain<ICallGrain>("drain-1");
        var before = await grain.GetSnapshotAsync();
        var stopping = harness.Cluster.StopSiloAsync(harness.Cluster.Silos.Single(s => s.Address.ToString() == before.Silo));

        // The rest of the script runs on the stopping silo, the refund included.
        await CallHarness.TypeAfterAgentAsync(caller, 2, "123456#");
        await CallHarness.TypeAfterAgentAsync(caller, 3, "94107#");
        await harness.SayAfterAgentAsync(caller, 4, "yes");
        await caller.WaitForAgentTurnsAsync(5, CallHarness.Patience);
        Assert.False(stopping.IsCompleted, "The silo stopped while the call was live.");
        await harness.SayAfterAgentAsync(caller, 5, "that's all");
        await harness.WaitForHangUpAsync(caller);
        await stopping.WaitAsync(CallHarness.Patience);

        var evidence = await harness.ReadEvidenceAsync("drain-1");
        Assert.Equal(0, evidence.Resumes);
        Assert.Equal("resolved", evidence.Disposition);
        Assert.Single(evidence.ToolCalls, t => t.Tool == "create_refund");
        Assert.Single(await harness.Agent.Store!.RefundsAsync("drain-1", CancellationToken.None));
    }

    [Fact]
    public async Task When_the_grace_ends_mid_call_the_call_resumes_on_the_other_silo_without_repeating_the_refund()
    {
        await using var harness = await CallHarness.StartAsync(configureSilo: o => o.ShutdownGrace = TimeSpan.FromSeconds(1));
        await RefundResumedElsewhere.RunAsync(harness, "handover-1", harness.Cluster.StopSiloAsync);
    }
}
