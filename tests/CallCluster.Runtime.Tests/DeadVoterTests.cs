using System.Net;
using System.Net.Sockets;
using CallCluster.Runtime.Directory;
using CallCluster.Runtime.Membership;
using CallCluster.Runtime.Messaging;
using CallCluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCluster.Runtime.Tests;

/// <summary>
/// The voter's self-check, driven directly: a silo already declared Dead whose probe of the one other silo is
/// refused must stop rather than vote (with one other silo a single vote would be enough to kill it).
/// </summary>
public sealed class DeadVoterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_silo_declared_Dead_whose_probe_is_refused_stops_itself_and_casts_no_vote()
    {
        var table = new InMemoryMembershipTable();
        var healthy = new SiloAddress("127.0.0.1", ClosedPort(), 1);
        var self = new SiloAddress("127.0.0.1", ClosedPort(), 2);
        var now = DateTimeOffset.UtcNow;
        var empty = await table.ReadAllAsync(CancellationToken.None);
        Assert.True(await table.InsertRowAsync(MembershipEntry.Joining(healthy, "h", now) with { Status = SiloStatus.Active }, empty.Version.Next(), CancellationToken.None));

        // Only the probe this test triggers runs: every periodic loop waits an hour.
        var options = new MembershipOptions { ProbeInterval = TimeSpan.FromHours(1), TableRefreshPeriod = TimeSpan.FromHours(1), IAmAlivePeriod = TimeSpan.FromHours(1) };
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connections = new OutboundConnections(self, new IgnoringFrameHandler(), options.ConnectTimeout, NullLogger.Instance);
        await using var agent = new MembershipAgent(
            self, table, new InMemoryGrainDirectory(), options, TimeProvider.System, connections, () => Task.CompletedTask, () => stopped.TrySetResult(), NullLogger.Instance);
        await agent.JoinAsync(CancellationToken.None);

        // The cluster declares this silo Dead behind its back (it was frozen); it has not read the table since.
        var data = await table.ReadAllAsync(CancellationToken.None);
        var own = data.Rows.Single(r => r.Entry.Silo == self);
        Assert.True(await table.UpdateRowAsync(own.Entry with { Status = SiloStatus.Dead }, own.ETag, data.Version.Next(), CancellationToken.None));

        // Probing the healthy silo at a closed port is refused: a full vote's worth of missed probes at once.
        await agent.WaitForDeathAsync(healthy, TimeSpan.FromSeconds(5));

        await Eventually.WithinAsync(stopped.Task, Patience, "the Dead silo to stop itself instead of voting");
        var after = await table.ReadAllAsync(CancellationToken.None);
        var healthyRow = after.Rows.Single(r => r.Entry.Silo == healthy).Entry;
        Assert.Equal(SiloStatus.Active, healthyRow.Status);
        Assert.Empty(healthyRow.Suspicions);
    }

    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>No connection is ever made in this test (every connect is refused).</summary>
    private sealed class IgnoringFrameHandler : IFrameHandler
    {
        public void OnFrame(Connection connection, FrameType type, ReadOnlySpan<byte> payload)
        {
        }

        public void OnClosed(Connection connection)
        {
        }
    }
}
