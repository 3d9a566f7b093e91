using System.Buffers.Binary;
using CallCluster.Runtime.Membership;
using CallCluster.Runtime.Streams;
using CallCluster.Runtime.Tests.Grains;
using CallCluster.Testing;
using Microsoft.Extensions.Logging;

namespace CallCluster.Runtime.Tests;

/// <summary>A graceful stop never cuts a live stream before the grace ends, and hands it over when the grace ends.</summary>
public sealed class GracefulDrainTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_streamed_activation_keeps_its_stream_through_a_graceful_stop_until_the_stream_ends()
    {
        // A grace far longer than the test, so only the end of the stream can let the stop proceed.
        var (cluster, events) = await ClusterFactory.DeployAsync(silos: 2, o => o.ShutdownGrace = TimeSpan.FromMinutes(5));
        await using var _cluster = cluster;
        var stream = await cluster.Client.OpenFrameStreamAsync<IAudioGrain>("live");
        var host = await cluster.Client.GetGrain<IAudioGrain>("live").Where();
        var leaving = cluster.Silos.Single(s => s.Address.ToString() == host);
        await WriteFramesAsync(stream, first: 0, count: 10);

        var stopping = cluster.StopSiloAsync(leaving);
        await Eventually.TrueAsync(
            async () => MembershipView.From(await cluster.Providers.MembershipTable.ReadAllAsync(CancellationToken.None)).StatusOf(leaving.Address) == SiloStatus.ShuttingDown,
            Patience,
            "the silo is ShuttingDown in the table");

        // Between frames the grain runs no turn, yet the call is live: frames keep reaching the same activation.
        await WriteFramesAsync(stream, first: 10, count: 10);
        Assert.Equal(host, await cluster.Client.GetGrain<IAudioGrain>("live").Where());
        Assert.Equal(0, events.Count("deactivate live"));
        Assert.False(stopping.IsCompleted);

        await stream.CloseAsync();
        await stopping.WaitAsync(Patience);
        Assert.Contains("stream-closed live received=20 outOfOrder=0 error=none", events.Log);
        Assert.Contains($"deactivate live {DeactivationReasonCode.ShuttingDown} received=20", events.Log);
        await stream.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task When_the_grace_ends_a_live_stream_closes_as_migrating_and_reopens_on_another_silo()
    {
        var (cluster, events) = await ClusterFactory.DeployAsync(silos: 2, o => o.ShutdownGrace = TimeSpan.FromSeconds(1));
        await using var _cluster = cluster;
        var stream = await cluster.Client.OpenFrameStreamAsync<IAudioGrain>("handover");
        var grain = cluster.Client.GetGrain<IAudioGrain>("handover");
        var host = await grain.Where();
        await WriteFramesAsync(stream, first: 0, count: 5);

        await cluster.StopSiloAsync(cluster.Silos.Single(s => s.Address.ToString() == host)).WaitAsync(Patience);

        var error = await Assert.ThrowsAsync<FrameStreamBrokenException>(() => stream.Completion.WaitAsync(Patience));
        Assert.True(error.IsMigrating, $"The stream broke without the migrating reason: {error.Message}");
        Assert.Contains($"deactivate handover {DeactivationReasonCode.ShuttingDown} received=5", events.Log);

        var reopened = await cluster.Client.OpenFrameStreamAsync<IAudioGrain>("handover").WaitAsync(Patience);
        Assert.NotEqual(host, await grain.Where());
        await WriteFramesAsync(reopened, first: 0, count: 3);
        await reopened.CloseAsync();
        await Eventually.TrueAsync(() => events.Log.Contains("stream-closed handover received=3 outOfOrder=0 error=none"), Patience, "the new activation got the frames");
    }

    [Fact]
    public async Task A_stream_the_client_gave_up_opening_is_closed_and_does_not_hold_a_graceful_stop()
    {
        // A grace far longer than the test, so only the stream's close can let the stop proceed.
        var (cluster, events) = await ClusterFactory.DeployAsync(silos: 1, o => o.ShutdownGrace = TimeSpan.FromMinutes(5));
        await using var _cluster = cluster;

        // Already cancelled: the open goes out, and the client gives up waiting for the silo's answer at once.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => cluster.Client.OpenFrameStreamAsync<IAudioGrain>("abandoned", new CancellationToken(canceled: true)));

        await Eventually.TrueAsync(() => events.Log.Contains("stream-closed abandoned received=0 outOfOrder=0 error=none"), Patience, "the silo closed the abandoned stream");
        await cluster.StopSiloAsync(cluster.Silos.Single()).WaitAsync(Patience);
    }

    [Fact]
    public async Task A_graceful_stop_logs_no_error()
    {
        var logs = new CapturedLogs();
        using var loggerFactory = logs.CreateFactory();
        var (cluster, _) = await ClusterFactory.DeployAsync(silos: 3, o => o.ShutdownGrace = TimeSpan.FromSeconds(1), loggerFactory);
        await using var _cluster = cluster;
        var stream = await cluster.Client.OpenFrameStreamAsync<IAudioGrain>("logs");
        Assert.True(await cluster.Client.GetGrain<ICounterGrain>("logs").Increment() > 0);

        foreach (var silo in cluster.Silos.Take(2).ToList())
        {
            await cluster.StopSiloAsync(silo).WaitAsync(Patience);
            Assert.True(silo.Stopped.IsCompletedSuccessfully);
        }

        await cluster.WaitForLivenessToStabilizeAsync(Patience);
        await stream.DisposeAsync();
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error || e.Message.Contains("was killed", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Message.Contains("stopped.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Disposing_a_client_twice_is_harmless()
    {
        var (cluster, _) = await ClusterFactory.DeployAsync(silos: 1);
        await using var _cluster = cluster;
        var client = await cluster.CreateClientAsync();
        Assert.Equal(1, await client.GetGrain<ICounterGrain>("twice").Increment());

        await client.DisposeAsync();
        await client.DisposeAsync();
        Assert.False(client.IsConnected);
    }

    private static async Task WriteFramesAsync(FrameStream stream, int first, int count)
    {
        var frame = new byte[AudioGrain.FrameSize];
        for (var i = first; i < first + count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(frame, i);
            await stream.WriteAsync(frame).AsTask().WaitAsync(Patience);
        }
    }
}
