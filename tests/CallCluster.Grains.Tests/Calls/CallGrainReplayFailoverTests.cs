using CallCluster.Agent.TurnTaking;
using CallCluster.Grains.Calls;
using CallCluster.Grains.Evidence;
using CallCluster.Grains.Tests.Support;
using CallCluster.Testing;

namespace CallCluster.Grains.Tests.Calls;

/// <summary>
/// The silo dies while the caller is taking a turn (mid-utterance, mid-keys): the input that reached only the dead
/// activation is replayed by the edge to the new one, which answers the turn instead of saying its resume line and
/// asking again.
/// </summary>
[Trait("Category", TestCategories.EndToEnd)]
public sealed class CallGrainReplayFailoverTests
{
    private const string ResumeLine = "Sorry, we got cut off";

    [Fact]
    public async Task Keys_pressed_before_the_kill_are_replayed_and_the_turn_is_answered_not_asked_again()
    {
        await using var harness = await CallHarness.StartAsync();
        var (_, caller) = await harness.CallAsync("replay-dtmf");
        await using var _caller = caller;
        var grain = harness.Cluster.Client.GetGrain<ICallGrain>("replay-dtmf");

        await harness.SayAfterAgentAsync(caller, 1, "I want to return something");
        await CallHarness.TypeAfterAgentAsync(caller, 2, "123");
        await WaitForCallerTurnAsync(grain);
        var before = await grain.GetSnapshotAsync();
        await harness.Cluster.KillSiloAsync(harness.Cluster.Silos.Single(s => s.Address.ToString() == before.Silo));
        // The rest of the number, keyed while no silo hosts the call: kept at the edge and replayed after the first keys.
        foreach (var key in "456#")
        {
            caller.Call!.PostDtmf(key);
        }

        await FinishRefundAsync(harness, caller, zipTurn: 3);

        var after = await grain.GetSnapshotAsync();
        Assert.NotEqual(before.Silo, after.Silo);
        var evidence = await harness.ReadEvidenceAsync("replay-dtmf");
        var transcript = EvidenceFormatter.ToText(evidence);
        Assert.Equal(1, evidence.Resumes);
        Assert.DoesNotContain(evidence.Transcript, l => l.Speaker == "agent" && l.Text.StartsWith(ResumeLine, StringComparison.Ordinal));
        Assert.True(evidence.Disposition == "resolved", transcript);
        // The order number is whole: the keys before the kill and after it, in order (evidence redacts it).
        var refund = Assert.Single(await harness.Agent.Store!.RefundsAsync("replay-dtmf", CancellationToken.None));
        Assert.Equal("123456", refund.OrderNumber);
    }

    [Fact]
    public async Task Speech_cut_by_the_kill_is_replayed_and_the_turn_is_answered_not_asked_again()
    {
        await using var harness = await CallHarness.StartAsync();
        var (_, caller) = await harness.CallAsync("replay-speech");
        await using var _caller = caller;
        var grain = harness.Cluster.Client.GetGrain<ICallGrain>("replay-speech");

        await caller.WaitForAgentTurnsAsync(1, CallHarness.Patience);
        var saying = caller.SayAsync(await harness.SpeechAsync("I want to return something"));
        await WaitForCallerTurnAsync(grain);
        var before = await grain.GetSnapshotAsync();
        await harness.Cluster.KillSiloAsync(harness.Cluster.Silos.Single(s => s.Address.ToString() == before.Silo));
        await saying.WaitAsync(CallHarness.Patience);

        await CallHarness.TypeAfterAgentAsync(caller, 2, "123456#");
        await FinishRefundAsync(harness, caller, zipTurn: 3);

        var evidence = await harness.ReadEvidenceAsync("replay-speech");
        var transcript = EvidenceFormatter.ToText(evidence);
        Assert.Equal(1, evidence.Resumes);
        Assert.DoesNotContain(evidence.Transcript, l => l.Speaker == "agent" && l.Text.StartsWith(ResumeLine, StringComparison.Ordinal));
        Assert.True(evidence.Disposition == "resolved", transcript);
        Assert.Single(await harness.Agent.Store!.RefundsAsync("replay-speech", CancellationToken.None));
    }

    /// <summary>The caller's input reached the activation: its machine is in the caller's turn (no checkpoint yet).</summary>
    private static Task WaitForCallerTurnAsync(ICallGrain grain) =>
        Eventually.TrueAsync(
            async () => (await grain.GetSnapshotAsync()).TurnState == nameof(TurnState.CallerSpeaking),
            CallHarness.Patience,
            "the caller's turn reached the grain");

    private static async Task FinishRefundAsync(CallHarness harness, TestCaller caller, int zipTurn)
    {
        await CallHarness.TypeAfterAgentAsync(caller, zipTurn, "94107#");
        await harness.SayAfterAgentAsync(caller, zipTurn + 1, "yes");
        await harness.SayAfterAgentAsync(caller, zipTurn + 2, "that's all");
        await harness.WaitForHangUpAsync(caller);
    }
}
