using System.Net;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Transactions;
using CallCluster.Testing;

namespace CallCluster.Sip.Tests.Transactions;

public sealed class ServerTransactionTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingUser _user = new();

    [Fact]
    public void Invite_gets_100_trying_at_once_and_a_retransmission_gets_the_last_response()
    {
        var transport = NewLayer();
        var invite = Requests.New(SipMethods.Invite, branch: "z9hG4bKinv1");

        transport.Inject(invite);
        transport.Inject(invite);
        _ = _user.Requests.Single().SendResponseAsync(Requests.Reply(_user.Requests[0].Request, 180));
        transport.Inject(invite);

        Assert.Single(_user.Requests);
        Assert.Equal([100, 100, 180, 180], transport.Sent.Select(s => ((SipResponse)s.Message).StatusCode));
    }

    [Fact]
    public async Task Failure_response_is_retransmitted_on_timer_G_until_timer_H()
    {
        var transport = NewLayer();
        var start = _time.GetUtcNow();
        transport.Inject(Requests.New(SipMethods.Invite, branch: "z9hG4bKinv2"));
        var transaction = _user.Requests.Single();

        _ = transaction.SendResponseAsync(Requests.Reply(transaction.Request, 486));
        _time.Advance(TimeSpan.FromSeconds(32));

        Assert.Equal([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500],
            transport.Sent.Where(s => ((SipResponse)s.Message).StatusCode == 486).Select(s => (s.At - start).TotalMilliseconds));
        Assert.False((await transaction.Acknowledged));
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
    }

    [Fact]
    public async Task Ack_for_failure_is_absorbed_and_stops_retransmission()
    {
        var transport = NewLayer();
        var invite = Requests.New(SipMethods.Invite, branch: "z9hG4bKinv3");
        transport.Inject(invite);
        var transaction = _user.Requests.Single();
        var busy = Requests.Reply(transaction.Request, 486);
        _ = transaction.SendResponseAsync(busy);

        var ack = new SipRequest(SipMethods.Ack, invite.RequestUri);
        ack.Headers.Add(SipHeaderNames.Via, invite.Headers.Get(SipHeaderNames.Via)!);
        ack.Headers.Add(SipHeaderNames.From, invite.Headers.Get(SipHeaderNames.From)!);
        ack.Headers.Add(SipHeaderNames.To, busy.Headers.Get(SipHeaderNames.To)!);
        ack.Headers.Add(SipHeaderNames.CallId, invite.CallId);
        ack.Headers.Add(SipHeaderNames.CSeq, "1 ACK");
        transport.Inject(ack);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Single(transport.SentResponses(486));
        Assert.Empty(_user.Acks);
        Assert.True((await transaction.Acknowledged));
        Assert.Equal(SipTransactionState.Terminated, transaction.State); // timer I = T4 = 5 s
    }

    [Fact]
    public async Task Ok_is_retransmitted_until_the_dialog_ack_arrives()
    {
        var transport = NewLayer();
        var start = _time.GetUtcNow();
        var invite = Requests.New(SipMethods.Invite, branch: "z9hG4bKinv4");
        transport.Inject(invite);
        var transaction = _user.Requests.Single();
        var ok = Requests.Reply(transaction.Request, 200);

        _ = transaction.SendResponseAsync(ok);
        _time.Advance(TimeSpan.FromSeconds(4));
        transport.Inject(Requests.AckFor2xx(invite, ok));
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([0, 500, 1500, 3500], transport.SentResponses(200).Select((_, i) => i).Select(i =>
            (transport.Sent.Where(s => ((SipResponse)s.Message).StatusCode == 200).ElementAt(i).At - start).TotalMilliseconds));
        Assert.True((await transaction.Acknowledged));
        Assert.Single(_user.Acks);
    }

    [Fact]
    public async Task Unacknowledged_ok_reports_failure_after_timer_L()
    {
        var transport = NewLayer();
        transport.Inject(Requests.New(SipMethods.Invite, branch: "z9hG4bKinv5"));
        var transaction = _user.Requests.Single();

        _ = transaction.SendResponseAsync(Requests.Reply(transaction.Request, 200));
        _time.Advance(TimeSpan.FromSeconds(32));

        Assert.False((await transaction.Acknowledged));
        Assert.Equal(0, ((SipTransactionLayer)Layer!).ServerTransactionCount);
    }

    [Fact]
    public void Cancel_gets_200_and_the_invite_a_487()
    {
        var transport = NewLayer();
        var invite = Requests.New(SipMethods.Invite, branch: "z9hG4bKinv6");
        transport.Inject(invite);
        var transaction = _user.Requests.Single();
        _ = transaction.SendResponseAsync(Requests.Reply(transaction.Request, 180, toTag: "ring1"));

        var cancel = Requests.New(SipMethods.Cancel, branch: "z9hG4bKinv6");
        transport.Inject(cancel);

        Assert.True(transaction.CancellationRequested.IsCancellationRequested);
        var terminated = Assert.Single(transport.SentResponses(487));
        Assert.Equal("ring1", terminated.To.Tag);
        Assert.Equal(SipMethods.Invite, terminated.CSeq.Method);
        Assert.Equal(SipMethods.Cancel, Assert.Single(transport.SentResponses(200)).CSeq.Method);
    }

    [Fact]
    public void Cancel_without_a_matching_invite_gets_481()
    {
        var transport = NewLayer();

        transport.Inject(Requests.New(SipMethods.Cancel, branch: "z9hG4bKnothing"));

        Assert.Single(transport.SentResponses(481));
    }

    [Fact]
    public void Non_invite_answers_retransmissions_from_the_transaction_and_ends_on_timer_J()
    {
        var transport = NewLayer();
        var options = Requests.New(SipMethods.Options, branch: "z9hG4bKopt1");
        transport.Inject(options);
        _ = _user.Requests.Single().SendResponseAsync(Requests.Reply(_user.Requests[0].Request, 200));

        transport.Inject(options);
        _time.Advance(TimeSpan.FromSeconds(32));
        transport.Inject(options);

        Assert.Equal(2, _user.Requests.Count); // after timer J the same branch is a new request
        Assert.Equal(2, transport.SentResponses(200).Count());
    }

    [Fact]
    public void Responses_go_to_received_and_rport_of_the_top_via()
    {
        var transport = NewLayer();
        var natted = new IPEndPoint(IPAddress.Parse("198.51.100.20"), 40123);

        transport.Inject(Requests.New(SipMethods.Options, branch: "z9hG4bKnat"), natted);
        _ = _user.Requests.Single().SendResponseAsync(Requests.Reply(_user.Requests[0].Request, 200));

        var (message, destination, _) = transport.Sent.Single();
        Assert.Equal(natted, destination);
        Assert.Equal("198.51.100.20", message.TopVia.Received);
        Assert.Equal(40123, message.TopVia.RPort);
    }

    private SipTransactionLayer? Layer { get; set; }

    private RecordingTransport NewLayer()
    {
        Layer = new SipTransactionLayer(_user, _time);
        var transport = new RecordingTransport(_time);
        Layer.Attach(transport);
        return transport;
    }
}
