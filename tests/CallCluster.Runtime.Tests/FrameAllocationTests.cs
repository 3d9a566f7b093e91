using CallCluster.Runtime.Tests.Grains;

namespace CallCluster.Runtime.Tests;

/// <summary>Runs alone: it counts every byte the process allocates, so no other test may run beside it.</summary>
[CollectionDefinition(nameof(FrameAllocationCollection), DisableParallelization = true)]
public sealed class FrameAllocationCollection;

/// <summary>The frame path (client write → TCP → silo read loop → stream → grain turn → credit back) allocates nothing per frame.</summary>
[Collection(nameof(FrameAllocationCollection))]
public sealed class FrameAllocationTests
{
    private const int WarmUpFrames = 5_000;
    private const int MeasuredFrames = 20_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_frame_costs_no_allocation_once_the_stream_is_warm()
    {
        var (cluster, events) = await ClusterFactory.DeployAsync(silos: 1);
        await using var _cluster = cluster;
        var stream = await cluster.Client.OpenFrameStreamAsync<IFrameCounterGrain>("sink");
        var grain = cluster.Client.GetGrain<IFrameCounterGrain>("sink");
        var frame = new byte[640];

        // Warm-up: JIT, the stream's buffers, the connection's send buffers.
        await SendAsync(WarmUpFrames);
        await grain.Expect(WarmUpFrames);
        await events.WhenRecorded($"counted sink {WarmUpFrames}").WaitAsync(Patience);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await SendAsync(MeasuredFrames);
        await grain.Expect(WarmUpFrames + MeasuredFrames);
        await events.WhenRecorded($"counted sink {WarmUpFrames + MeasuredFrames}").WaitAsync(Patience);
        var perFrame = (double)(GC.GetTotalAllocatedBytes(precise: true) - before) / MeasuredFrames;

        // The smallest object is 24 bytes, so one per frame shows up as at least that; what is left is background
        // (membership, the test's own calls) and the sender's rare waits for credit, spread over 20 000 frames.
        Assert.True(perFrame < 16, $"{perFrame:0.0} bytes allocated per frame");
        await stream.CloseAsync();

        async Task SendAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await stream.WriteAsync(frame);
            }
        }
    }
}
