using CallCluster.Sip.Messages;
using CallCluster.Sip.Transactions;
using CallCluster.Testing;

namespace CallCluster.Sip.Tests.Transactions;

public sealed class ClientTransactionTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingUser _user = new();

    [Fact]
    public async Task Invite_over_udp_retransmits_on_timer_A_and_times_out_on_timer_B()
    {
        var (layer, transport) = NewLayer();
        var start = _time.GetUtcNow();

        var transaction = layer.SendRequest(Requests.New(SipMethods.Invite), RecordingTransport.Peer, transport);
        _time.Advance(TimeSpan.FromSeconds(31.9));
        Assert.False(transaction.Completion.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        // Timer A: T1, doubling each time, with no T2 cap; timer B = 64·T1 = 32 s.
        Assert.Equal([0, 500, 1500, 3500, 7500, 15500, 31500], SentAtMs(transport, start, SipMethods.Invite));
        Assert.Equal(408, (await transaction.Completion).StatusCode);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        Assert.Equal(0, layer.ClientTransactionCount);
    }

    [Fact]
    public async Task Non_invite_over_udp_follows_timer_E_capped_at_T2_and_times_out_on_timer_F()
    {
        var (layer, transport) = NewLayer();
        var start = _time.GetUtcNow();

        var transaction = layer.SendRequest(Requests.New(SipMethods.Options), RecordingTransport.Peer, transport);
        _time.Advance(TimeSpan.FromSeconds(32));

        Assert.Equal([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500], SentAtMs(transport, start, SipMethods.Options));
        Assert.Equal(408, (await transaction.Completion).StatusCode);
    }

    [Fact]
    public void Non_invite_retransmits_every_T2_once_proceeding()
    {
        var (layer, transport) = NewLayer();
        var start = _time.GetUtcNow();
        var transaction = layer.SendRequest(Requests.New(SipMethods.Options), RecordingTransport.Peer, transport);
        var request = transaction.Request;

        _time.Advance(TimeSpan.FromMilliseconds(600));
        transport.Inject(Requests.Reply(request, 180));
        _time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(600));

        // Sent at 0 and 500 (timer E), proceeding from 600 ms: the pending timer fires at 1500 and re-arms at T2.
        Assert.Equal([0, 500, 1500, 5500, 9500], SentAtMs(transport, start, SipMethods.Options));
        Assert.Equal(SipTransactionState.Proceeding, transaction.State);
    }

    [Fact]
    public async Task Invite_failure_is_acked_inside_the_transaction_and_the_ack_repeated_for_retransmissions()
    {
        var (layer, transport) = NewLayer();
        var transaction = layer.SendRequest(Requests.New(SipMethods.Invite), RecordingTransport.Peer, transport);
        var busy = Requests.Reply(transaction.Request, 486, toTag: "busytag");

        transport.Inject(Requests.Reply(transaction.Request, 100));
        transport.Inject(busy);
        transport.Inject(busy);

        var acks = transport.SentRequests(SipMethods.Ack).ToList();
        Assert.Equal(2, acks.Count);
        Assert.Equal(transaction.Branch, acks[0].TopVia.Branch);
        Assert.Equal("busytag", acks[0].To.Tag);
        Assert.Equal(new CSeqHeader(1, SipMethods.Ack), acks[0].CSeq);
        Assert.Equal(transaction.Request.RequestUri.ToString(), acks[0].RequestUri.ToString());
        Assert.Equal(486, (await transaction.Completion).StatusCode);
        Assert.Equal(SipTransactionState.Completed, transaction.State);

        _time.Advance(TimeSpan.FromSeconds(32));
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        Assert.Equal(0, layer.ClientTransactionCount);
    }

    [Fact]
    public void Invite_2xx_moves_to_accepted_and_passes_retransmitted_2xx_up_until_timer_M()
    {
        var (layer, transport) = NewLayer();
        var seen = new List<int>();
        var transaction = layer.SendRequest(Requests.New(SipMethods.Invite), RecordingTransport.Peer, transport, r => seen.Add(r.StatusCode));
        var ok = Requests.Reply(transaction.Request, 200);

        transport.Inject(Requests.Reply(transaction.Request, 180));
        transport.Inject(ok);
        transport.Inject(ok);
        Assert.Equal(SipTransactionState.Accepted, transaction.State);
        _time.Advance(TimeSpan.FromSeconds(32));
        transport.Inject(ok);

        Assert.Equal([180, 200, 200], seen);
        Assert.Empty(transport.SentRequests(SipMethods.Ack));
        Assert.Single(_user.Stray);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
    }

    [Fact]
    public async Task Reliable_transport_sends_once_and_still_times_out()
    {
        var (layer, transport) = NewLayer(reliable: true);

        var transaction = layer.SendRequest(Requests.New(SipMethods.Invite), RecordingTransport.Peer, transport);
        _time.Advance(TimeSpan.FromSeconds(32));

        Assert.Single(transport.SentRequests(SipMethods.Invite));
        Assert.Equal(408, (await transaction.Completion).StatusCode);
    }

    [Fact]
    public async Task Cancel_waits_for_a_provisional_and_copies_the_invite_identity()
    {
        var (layer, transport) = NewLayer();
        var invite = layer.SendRequest(Requests.New(SipMethods.Invite), RecordingTransport.Peer, transport);

        Assert.Null(layer.Cancel(invite));
        transport.Inject(Requests.Reply(invite.Request, 180));
        var cancel = layer.Cancel(invite)!;
        transport.Inject(Requests.Reply(cancel.Request, 200));
        transport.Inject(Requests.Reply(invite.Request, 487));

        var sent = transport.SentRequests(SipMethods.Cancel).Single();
        Assert.Equal(invite.Branch, sent.TopVia.Branch);
        Assert.Equal(new CSeqHeader(1, SipMethods.Cancel), sent.CSeq);
        Assert.Null(sent.To.Tag);
        Assert.Equal(200, (await cancel.Completion).StatusCode);
        Assert.Equal(487, (await invite.Completion).StatusCode);
        Assert.Single(transport.SentRequests(SipMethods.Ack));
    }

    [Fact]
    public void Added_via_names_the_transport_with_rport_and_a_magic_cookie_branch()
    {
        var (layer, transport) = NewLayer();

        var transaction = layer.SendRequest(Requests.New(SipMethods.Options), RecordingTransport.Peer, transport);

        var via = transport.SentRequests(SipMethods.Options).First().TopVia;
        Assert.Equal(("UDP", "10.0.0.1", 5060), (via.Transport, via.Host, via.Port!.Value));
        Assert.True(via.HasRPort);
        Assert.True(via.HasMagicCookie);
        Assert.Equal(transaction.Branch, via.Branch);
    }

    private static double[] SentAtMs(RecordingTransport transport, DateTimeOffset start, string method) =>
        [.. transport.Sent.Where(s => s.Message is SipRequest r && r.Method == method).Select(s => (s.At - start).TotalMilliseconds)];

    private (SipTransactionLayer Layer, RecordingTransport Transport) NewLayer(bool reliable = false)
    {
        var layer = new SipTransactionLayer(_user, _time);
        var transport = new RecordingTransport(_time, reliable);
        layer.Attach(transport);
        return (layer, transport);
    }
}
