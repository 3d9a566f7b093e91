using CallCluster.Grains.Tests.Support;
using CallCluster.Testing;

namespace CallCluster.Grains.Tests.Calls;

/// <summary>
/// The edge dates each playout mark by its own clock, so a turn's first packet is timed without the mark's way back;
/// an edge clock the grain cannot believe (ahead of the grain's, or further behind than a report takes) is not used.
/// </summary>
[Trait("Category", TestCategories.EndToEnd)]
public sealed class CallGrainClockTests
{
    [Theory]
    [InlineData(3600)]
    [InlineData(-3600)]
    public async Task An_edge_clock_an_hour_off_leaves_the_turn_timed_by_the_grains_own_clock(int edgeSkewSeconds)
    {
        await using var harness = await CallHarness.StartAsync(edgeClock: new SkewedClock(TimeSpan.FromSeconds(edgeSkewSeconds)));
        var callId = $"skewed-edge-{(edgeSkewSeconds > 0 ? "ahead" : "behind")}";
        var (_, caller) = await harness.CallAsync(callId);
        await using var _caller = caller;

        await harness.SayAfterAgentAsync(caller, 1, "I meant to call someone else");
        await harness.WaitForHangUpAsync(caller);

        var evidence = await harness.ReadEvidenceAsync(callId);
        Assert.Equal("wrong_number", evidence.Disposition);
        var answered = Assert.Single(evidence.Turns, t => t.EndOfUtteranceMs is not null && t.EndToEndMs is not null);

        // By the edge's clock these would be an hour too long, or clamped to nothing when the edge is behind; by the
        // grain's they are what the turn took.
        Assert.InRange(answered.FirstPacketOutMs!.Value, double.Epsilon, 10_000);
        Assert.InRange(answered.EndToEndMs!.Value, double.Epsilon, 10_000);
    }
}
