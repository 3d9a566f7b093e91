using CallCluster.Grains.Calls;
using CallCluster.Runtime.Hosting;

namespace CallCluster.Grains.Tests.Support;

/// <summary>
/// The refund script, interrupted once the refund is written by taking away the silo that hosts the call (killed, or
/// stopped with a grace shorter than the call): the call must resume on the other silo, say its resume line, finish,
/// and never repeat the refund.
/// </summary>
internal static class RefundResumedElsewhere
{
    public static async Task RunAsync(CallHarness harness, string callId, Func<Silo, Task> takeAway)
    {
        var (_, caller) = await harness.CallAsync(callId);
        await using var _caller = caller;

        await harness.SayAfterAgentAsync(caller, 1, "I want to return something");
        await CallHarness.TypeAfterAgentAsync(caller, 2, "123456#");
        await CallHarness.TypeAfterAgentAsync(caller, 3, "94107#");
        await harness.SayAfterAgentAsync(caller, 4, "yes");
        await caller.WaitForAgentTurnsAsync(5, CallHarness.Patience);
        Assert.Single(await harness.Agent.Store!.RefundsAsync(callId, CancellationToken.None));

        var grain = harness.Cluster.Client.GetGrain<ICallGrain>(callId);
        var before = await grain.GetSnapshotAsync();
        await takeAway(harness.Cluster.Silos.Single(s => s.Address.ToString() == before.Silo)).WaitAsync(CallHarness.Patience);

        // The edge re-opens the stream; the new activation says its resume line and asks the interrupted node again.
        await harness.SayAfterAgentAsync(caller, 6, "that's all");
        await harness.WaitForHangUpAsync(caller);

        var after = await grain.GetSnapshotAsync();
        Assert.NotEqual(before.Silo, after.Silo);
        Assert.True(after.Resumed);
        Assert.True(after.Ended);
        Assert.Single(await harness.Agent.Store.RefundsAsync(callId, CancellationToken.None));
        var evidence = await harness.ReadEvidenceAsync(callId);
        Assert.Equal(1, evidence.Resumes);
        Assert.Equal("resolved", evidence.Disposition);
        Assert.Contains(evidence.Transcript, l => l.Speaker == "agent" && l.Text.StartsWith("Sorry, we got cut off", StringComparison.Ordinal));
        Assert.Single(evidence.ToolCalls, t => t.Tool == "create_refund");
    }
}
