using CallCluster.Edge.Sip;
using CallCluster.Edge.Tests.Support;
using CallCluster.Sip.Messages;
using CallCluster.Testing;

namespace CallCluster.Edge.Tests.Sip;

/// <summary>
/// An outbound call given up before the answer, with the real SIPp as the far end of the trunk: the edge must CANCEL
/// the INVITE (and ACK the 487), or ACK and hang up an answer that crosses the CANCEL. SIPp's scenario only completes,
/// and SIPp only exits 0, when the far end saw exactly that.
/// </summary>
public sealed class SipEdgeDialCancelSippTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    [Trait("Category", TestCategories.Sipp)]
    public async Task A_placed_call_cancelled_while_ringing_is_cancelled_at_the_far_end()
    {
        await using var trunk = await RingingTrunkAsync("uas_ring_no_answer.xml");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => trunk.DialAndAbandonAsync());

        (await trunk.Sipp).AssertSucceeded();
        await trunk.SettledAsync();
    }

    [Fact]
    [Trait("Category", TestCategories.Sipp)]
    public async Task An_answer_crossing_the_cancel_is_acked_and_hung_up()
    {
        await using var trunk = await RingingTrunkAsync("uas_answer_after_cancel.xml");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => trunk.DialAndAbandonAsync());

        (await trunk.Sipp).AssertSucceeded();
        await trunk.SettledAsync();
        Assert.Empty(trunk.Host.Edge.Calls);
    }

    private static async Task<SippTrunk> RingingTrunkAsync(string scenario)
    {
        var sippPort = FreeUdpPorts.One();
        var handler = new RecordingHandler();
        var host = await SipEdgeHost.StartAsync(handler, o => o.Trunks.Add(new SipTrunkOptions
        {
            Name = "sipp", OutboundHost = "127.0.0.1", OutboundPort = sippPort,
        }));
        var sipp = Sipp.RunAsync(0, scenario, listenPort: sippPort, limit: Wait);
        await Eventually.TrueAsync(() => Sipp.IsListeningOnUdp(sippPort) || sipp.IsCompleted, Wait, "SIPp's UAS to listen");
        return new SippTrunk(host, handler, sipp, sippPort);
    }

    private sealed record SippTrunk(SipEdgeHost Host, RecordingHandler Handler, Task<SippResult> Sipp, int Port) : IAsyncDisposable
    {
        /// <summary>
        /// Places a call and gives up on it once the INVITE is out (the UA holds a slot for it from just before sending).
        /// SIPp rings at once, so the CANCEL follows its provisionals whichever arrives first: the UA sends none before one.
        /// </summary>
        public async Task DialAndAbandonAsync()
        {
            using var abandon = new CancellationTokenSource();
            var dial = Host.Edge.PlaceCallAsync(SipUri.Parse($"sip:service@127.0.0.1:{Port}"), "sipp", abandon.Token);
            await Eventually.TrueAsync(() => Host.Edge.UserAgent.ActiveCalls == 1 || dial.IsCompleted, Wait, "the INVITE to go out");
            await abandon.CancelAsync();
            await dial.WaitAsync(Wait);
        }

        /// <summary>The abandoned INVITE is wound down: its slot is back, no call reached the handler.</summary>
        public async Task SettledAsync()
        {
            await Eventually.WithinAsync(Host.Edge.UserAgent.WhenAbandonedCallsSettled(), Wait, "the abandoned call to settle");
            Assert.Equal(0, Host.Edge.UserAgent.ActiveCalls);
            Assert.False(Handler.Accepted.IsCompleted);
        }

        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }
}
