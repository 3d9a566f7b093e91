using System.Buffers.Binary;
using CallCluster.Runtime.Streams;
using CallCluster.Runtime.Tests.Grains;
using CallCluster.Testing;

namespace CallCluster.Runtime.Tests;

/// <summary>Frame streams between a client and one activation over real loopback TCP.</summary>
public sealed class FrameStreamTests
{
    private const int Frames = 10_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ten_thousand_frames_reach_a_slow_grain_in_order_with_none_lost()
    {
        var (cluster, events) = await ClusterFactory.DeployAsync(silos: 2);
        await using var _cluster = cluster;
        var client = await cluster.CreateClientAsync();
        var stream = await client.OpenFrameStreamAsync<IAudioGrain>("inbound");
        await events.WhenRecorded("stream-opened inbound").WaitAsync(Patience);

        var frame = new byte[AudioGrain.FrameSize];
        for (var i = 0; i < Frames; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(frame, i);
            await stream.WriteAsync(frame).AsTask().WaitAsync(Patience);
        }

        await stream.CloseAsync();
        await events.WhenRecorded("stream-closed inbound").WaitAsync(Patience);
        Assert.Contains($"stream-closed inbound received={Frames} outOfOrder=0 error=none", events.Log);
    }

    [Fact]
    public async Task Ten_thousand_frames_reach_a_slow_client_in_order_with_none_lost()
    {
        var (cluster, events) = await ClusterFactory.DeployAsync(silos: 2);
        await using var _cluster = cluster;
        var stream = await cluster.Client.OpenFrameStreamAsync<IAudioGrain>("outbound");
        await events.WhenRecorded("stream-opened outbound").WaitAsync(Patience);
        var sending = cluster.Client.GetGrain<IAudioGrain>("outbound").SendFrames(Frames);

        var frame = new byte[AudioGrain.FrameSize];
        var received = 0;
        var outOfOrder = 0;
        while (received < Frames && await stream.WaitToReadAsync().AsTask().WaitAsync(Patience))
        {
            while (stream.TryRead(frame, out var length))
            {
                outOfOrder += length == AudioGrain.FrameSize && BinaryPrimitives.ReadInt32LittleEndian(frame) == received ? 0 : 1;
                received++;
            }

            if (received % 100 < 10)
            {
                await Task.Delay(1);
            }
        }

        await sending.WaitAsync(Patience);
        Assert.Equal((Frames, 0), (received, outOfOrder));
    }

    [Fact]
    public async Task Killing_the_silo_breaks_the_stream_at_once_and_a_new_stream_reaches_a_new_activation()
    {
        var (cluster, events) = await ClusterFactory.DeployAsync(silos: 3);
        await using var _cluster = cluster;
        var client = await cluster.CreateClientAsync();
        var stream = await client.OpenFrameStreamAsync<IAudioGrain>("call-1");
        var host = await client.GetGrain<IAudioGrain>("call-1").Where();
        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.Address.ToString() == host));

        await Assert.ThrowsAsync<FrameStreamBrokenException>(() => stream.Completion.WaitAsync(Patience));
        await Assert.ThrowsAsync<FrameStreamBrokenException>(async () => await stream.WriteAsync(new byte[AudioGrain.FrameSize]));

        var reopened = await client.OpenFrameStreamAsync<IAudioGrain>("call-1").WaitAsync(Patience);
        Assert.NotEqual(host, await client.GetGrain<IAudioGrain>("call-1").Where());
        await reopened.WriteAsync(new byte[AudioGrain.FrameSize]);
        await reopened.CloseAsync();
        await Eventually.TrueAsync(() => events.Log.Any(e => e.StartsWith("stream-closed call-1 received=1 ", StringComparison.Ordinal)), Patience, "the new activation got the frame");
    }
}
