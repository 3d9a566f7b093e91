using CallCluster.Grains.Calls;
using CallCluster.Grains.Tests.Support;
using CallCluster.Testing;

namespace CallCluster.Grains.Tests.Calls;

/// <summary>The silo hosting a call dies mid-call; the call resumes on the other silo and finishes.</summary>
[Trait("Category", TestCategories.EndToEnd)]
public sealed class CallGrainFailoverTests
{
    [Fact]
    public async Task Killing_the_hosting_silo_resumes_the_call_on_the_other_without_repeating_the_refund()
    {
        await using var harness = await CallHarness.StartAsync();
        var (_, caller) = await harness.CallAsync("failover-1");
        await using var _caller = caller;

        await harness.SayAfterAgentAsync(caller, 1, "I want to return something");
        await harness.SayAfterAgentAsync(caller, 2, "one two three four five six");
        await harness.SayAfterAgentAsync(caller, 3, "nine four one zero seven");
        await harness.SayAfterAgentAsync(caller, 4, "yes");
        await caller.WaitForAgentTurnsAsync(5, CallHarness.Patience);
        Assert.Single(await harness.Agent.Store!.RefundsAsync("failover-1", CancellationToken.None));

        var grain = harness.Cluster.Client.GetGrain<ICallGrain>("failover-1");
        var before = await grain.GetSnapshotAsync();
        await harness.Cluster.KillSiloAsync(harness.Cluster.Silos.Single(s => s.Address.ToString() == before.Silo));

        // The edge re-opens the stream; the new activation says its resume line and asks the interrupted node again.
        await harness.SayAfterAgentAsync(caller, 6, "that's all");
        await harness.WaitForHangUpAsync(caller);

        var after = await grain.GetSnapshotAsync();
        Assert.NotEqual(before.Silo, after.Silo);
        Assert.True(after.Resumed);
        Assert.True(after.Ended);
        Assert.Single(await harness.Agent.Store.RefundsAsync("failover-1", CancellationToken.None));
        var evidence = await harness.ReadEvidenceAsync("failover-1");
        Assert.Equal(1, evidence.Resumes);
        Assert.Equal("resolved", evidence.Disposition);
        Assert.Contains(evidence.Transcript, l => l.Speaker == "agent" && l.Text.StartsWith("Sorry, we got cut off", StringComparison.Ordinal));
        Assert.Single(evidence.ToolCalls, t => t.Tool == "create_refund");
    }
}
