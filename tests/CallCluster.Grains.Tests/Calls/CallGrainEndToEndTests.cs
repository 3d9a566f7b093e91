using CallCluster.Grains.Evidence;
using CallCluster.Grains.Tests.Support;
using CallCluster.Testing;

namespace CallCluster.Grains.Tests.Calls;

/// <summary>
/// Real calls: espeak-ng caller audio in, through the edge's grain adapter and a two-silo TestCluster, recognised by
/// pocketsphinx, decided by the default agent, spoken by espeak-ng and paced out by the edge.
/// </summary>
[Trait("Category", TestCategories.EndToEnd)]
public sealed class CallGrainEndToEndTests
{
    [Fact]
    public async Task Order_status_by_spoken_order_number()
    {
        await using var harness = await CallHarness.StartAsync();
        var (call, caller) = await harness.CallAsync("order-status-1");
        await using var _caller = caller;

        await harness.SayAfterAgentAsync(caller, 1, "order status");
        await harness.SayAfterAgentAsync(caller, 2, "one two three four five six");
        await harness.SayAfterAgentAsync(caller, 3, "that's all");
        await harness.WaitForHangUpAsync(caller);

        var evidence = await harness.ReadEvidenceAsync("order-status-1");
        Assert.Equal("resolved", evidence.Disposition);
        var lookup = Assert.Single(evidence.ToolCalls, t => t.Tool == "lookup_order");
        Assert.Equal("ok", lookup.Outcome);
        Assert.Equal("[redacted]", lookup.Arguments["order_number"]);
        Assert.Contains(evidence.Transcript, l => l.Speaker == "agent" && l.Text.Contains("blue running shoes", StringComparison.Ordinal));
        Assert.DoesNotContain(evidence.Transcript, l => l.Text.Contains("123456", StringComparison.Ordinal));
        Assert.Equal(harness.Agent.Version, evidence.AgentVersion);
        Assert.Equal(0, evidence.Counters["agent_disappeared"]);
        Assert.Contains(evidence.Turns, t => t.Outcome == "Answered" && t.DecisionMs is not null && t.TtsFirstByteMs is not null);

        // Each turn says when it ended, in order and within the call: the call benchmark counts turns by it.
        var ended = evidence.Turns.Select(t => t.EndedAt ?? throw new InvalidOperationException($"turn {t.TurnId} has no end time")).ToList();
        Assert.Equal(ended.Order(), ended);
        Assert.All(ended, at => Assert.InRange(at, evidence.StartedAt, evidence.EndedAt));

        // A caller's turn says when the caller stopped speaking, and its answer's first packet falls before the turn ended:
        // the benchmark lines its slowest turns up with the process's pauses by it.
        var answered = evidence.Turns.Where(t => t.EndToEndMs is not null && t.EndOfUtteranceMs is not null).ToList();
        Assert.Equal(3, answered.Count);
        Assert.All(answered, t =>
        {
            var started = t.StartedAt ?? throw new InvalidOperationException($"turn {t.TurnId} has no start time");
            Assert.InRange(started, evidence.StartedAt, t.EndedAt!.Value);
            Assert.True(started.AddMilliseconds(t.EndToEndMs!.Value) <= t.EndedAt, $"turn {t.TurnId}: first packet after the turn ended");
        });
        AssertRecordingHasBothSides(harness, "order-status-1");
        Assert.True(call.HasEnded);
    }

    [Fact]
    public async Task Refund_with_identity_check_writes_one_refund_even_when_the_caller_repeats_it()
    {
        await using var harness = await CallHarness.StartAsync();
        var (_, caller) = await harness.CallAsync("refund-1");
        await using var _caller = caller;

        await harness.SayAfterAgentAsync(caller, 1, "I want to return something");
        await CallHarness.TypeAfterAgentAsync(caller, 2, "123456#");
        await CallHarness.TypeAfterAgentAsync(caller, 3, "94107#");
        await harness.SayAfterAgentAsync(caller, 4, "yes");
        // The refund is done; the caller asks for it again.
        await harness.SayAfterAgentAsync(caller, 5, "I want to return something");
        await CallHarness.TypeAfterAgentAsync(caller, 6, "123456#");
        await CallHarness.TypeAfterAgentAsync(caller, 7, "94107#");
        await harness.SayAfterAgentAsync(caller, 8, "yes");
        await harness.SayAfterAgentAsync(caller, 9, "that's all");
        await harness.WaitForHangUpAsync(caller);

        var refunds = await harness.Agent.Store!.RefundsAsync("refund-1", CancellationToken.None);
        var refund = Assert.Single(refunds);
        Assert.Equal("123456", refund.OrderNumber);

        var evidence = await harness.ReadEvidenceAsync("refund-1");
        Assert.Equal("resolved", evidence.Disposition);
        var writes = evidence.ToolCalls.Where(t => t.Tool == "create_refund").ToList();
        Assert.Equal(2, writes.Count);
        Assert.False(writes[0].Replayed);
        Assert.True(writes[1].Replayed);
        Assert.All(evidence.ToolCalls.Where(t => t.Tool == "verify_identity"), t => Assert.Equal("ok", t.Outcome));
        // The verified name is PII: the agent said it, the package must not.
        Assert.DoesNotContain(evidence.Transcript, l => l.Text.Contains("Lovelace", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(evidence.FinalRecords, r => r.Key.StartsWith("sandbox.refund.", StringComparison.Ordinal));
    }

    private static void AssertRecordingHasBothSides(CallHarness harness, string callId)
    {
        var path = harness.Evidence.RecordingPath(callId) ?? throw new InvalidOperationException("no recording");
        var (left, right, rate) = WavFile.DecodeStereo(File.ReadAllBytes(path));
        Assert.Equal(16_000, rate);
        Assert.True(left.Count(s => Math.Abs((int)s) > 1000) > 16_000 / 2, "the caller's side holds speech");
        Assert.True(right.Count(s => Math.Abs((int)s) > 1000) > 16_000, "the agent's side holds speech");
    }
}
