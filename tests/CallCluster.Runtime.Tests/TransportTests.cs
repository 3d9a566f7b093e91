using System.Net.Sockets;
using CallCluster.Runtime.Tests.Grains;

namespace CallCluster.Runtime.Tests;

public sealed class TransportTests
{
    [Fact]
    public async Task A_peer_sending_a_malformed_frame_is_disconnected_and_the_silo_keeps_serving()
    {
        var (cluster, _) = await ClusterFactory.DeployAsync(silos: 1);
        await using var _cluster = cluster;
        var silo = cluster.Silos[0].Address;

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(silo.Host, silo.Port);

        // A frame header claiming 1 GiB: beyond the limit, so the silo must drop us rather than wait or allocate.
        await socket.SendAsync(new byte[] { 0x00, 0x00, 0x00, 0x40, 0x02 });
        var buffer = new byte[16];
        var read = await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, read);

        Assert.Equal(1, await cluster.Client.GetGrain<ICounterGrain>("still-fine").Increment());
    }

    [Fact]
    public async Task A_request_with_a_truncated_body_closes_only_that_connection()
    {
        var (cluster, _) = await ClusterFactory.DeployAsync(silos: 1);
        await using var _cluster = cluster;
        var silo = cluster.Silos[0].Address;

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(silo.Host, silo.Port);
        await socket.SendAsync(new byte[] { 0x04, 0x00, 0x00, 0x00, 0x02, 0x01, 0x02, 0x03 });
        var read = await socket.ReceiveAsync(new byte[16].AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, read);

        Assert.Equal(1, await cluster.Client.GetGrain<ICounterGrain>("unaffected").Increment());
    }
}
