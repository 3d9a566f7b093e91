using CallCluster.Sip.Dialogs;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;
using CallCluster.Sip.Tests.Transactions;
using CallCluster.Testing;

namespace CallCluster.Sip.Tests.Dialogs;

/// <summary>
/// Our UAC giving up on a call before the answer (RFC 3261 §9.1, §15): what goes on the wire, what the caller sees,
/// and that the call slot comes back exactly once. The far end is played by injecting responses on an in-memory
/// transport; timers run on a manual clock.
/// </summary>
public sealed class CallCancellationTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingTransport _transport;
    private readonly SipUserAgent _agent;

    public CallCancellationTests()
    {
        _transport = new RecordingTransport(_time);
        _agent = new SipUserAgent(new SipUserAgentOptions(), new AnsweringHandler(), _time);
        _agent.AddTransport(_transport);
    }

    [Fact]
    public async Task Cancelled_after_180_sends_a_cancel_matching_the_invite_and_the_487_is_acked()
    {
        using var abandon = new CancellationTokenSource();
        var call = Call(abandon.Token);
        var invite = SentInvite();
        _transport.Inject(Requests.Reply(invite, 180));

        await abandon.CancelAsync();

        await AssertAbandonedAsync(call);
        var cancel = Assert.Single(_transport.SentRequests(SipMethods.Cancel));
        Assert.Equal(invite.RequestUri.ToString(), cancel.RequestUri.ToString());
        Assert.Equal(invite.Headers.GetAll(SipHeaderNames.Via).ToArray(), cancel.Headers.GetAll(SipHeaderNames.Via).ToArray());
        Assert.Single(cancel.Headers.GetAll(SipHeaderNames.Via));
        Assert.Equal(invite.TopVia.Branch, cancel.TopVia.Branch);
        Assert.Equal(invite.CallId, cancel.CallId);
        Assert.Equal(invite.Headers.Get(SipHeaderNames.From), cancel.Headers.Get(SipHeaderNames.From));
        Assert.Null(cancel.To.Tag);
        Assert.Equal(new CSeqHeader(invite.CSeq.Number, SipMethods.Cancel), cancel.CSeq);
        Assert.Equal(1, _agent.ActiveCalls); // the INVITE is still pending at the far end

        _transport.Inject(Requests.Reply(cancel, 200));
        _transport.Inject(Requests.Reply(invite, 487));

        await SettledAsync();
        var ack = Assert.Single(_transport.SentRequests(SipMethods.Ack));
        Assert.Equal(invite.TopVia.Branch, ack.TopVia.Branch); // the transaction's own ACK of a non-2xx
        Assert.Equal("tt1", ack.To.Tag);
        Assert.Empty(_transport.SentRequests(SipMethods.Bye));
        Assert.Equal(0, _agent.ActiveCalls);
    }

    [Fact]
    public async Task Cancelled_before_any_provisional_returns_at_once_and_cancels_only_when_the_180_arrives()
    {
        using var abandon = new CancellationTokenSource();
        var call = Call(abandon.Token);
        var invite = SentInvite();

        await abandon.CancelAsync();

        await AssertAbandonedAsync(call);
        Assert.Empty(_transport.SentRequests(SipMethods.Cancel));
        _time.Advance(TimeSpan.FromSeconds(2)); // timer A retransmits the INVITE; still nothing to CANCEL
        Assert.Empty(_transport.SentRequests(SipMethods.Cancel));
        Assert.Equal(1, _agent.ActiveCalls);

        _transport.Inject(Requests.Reply(invite, 180));

        var cancel = Assert.Single(_transport.SentRequests(SipMethods.Cancel));
        Assert.Equal(invite.TopVia.Branch, cancel.TopVia.Branch);
        _transport.Inject(Requests.Reply(cancel, 200));
        _transport.Inject(Requests.Reply(invite, 487));
        await SettledAsync();
        Assert.Single(_transport.SentRequests(SipMethods.Ack));
        Assert.Equal(0, _agent.ActiveCalls);
    }

    [Fact]
    public async Task Cancelled_and_never_answered_at_all_ends_on_timer_B_without_a_cancel()
    {
        using var abandon = new CancellationTokenSource();
        var call = Call(abandon.Token);

        await abandon.CancelAsync();
        await AssertAbandonedAsync(call);
        _time.Advance(TimeSpan.FromSeconds(32)); // timer B: 64·T1

        await SettledAsync();
        Assert.Empty(_transport.SentRequests(SipMethods.Cancel));
        Assert.Equal(0, _agent.ActiveCalls);
    }

    [Fact]
    public async Task A_200_crossing_the_cancel_is_acked_and_hung_up_at_once()
    {
        using var abandon = new CancellationTokenSource();
        var call = Call(abandon.Token);
        var invite = SentInvite();
        _transport.Inject(Requests.Reply(invite, 180));
        await abandon.CancelAsync();
        await AssertAbandonedAsync(call);
        var cancel = Assert.Single(_transport.SentRequests(SipMethods.Cancel));
        _transport.Inject(Requests.Reply(cancel, 200));

        _transport.Inject(Answer(invite));

        var bye = await SentByeAsync(_transport);
        var ack = Assert.Single(_transport.SentRequests(SipMethods.Ack));
        Assert.NotEqual(invite.TopVia.Branch, ack.TopVia.Branch); // the ACK of a 2xx is a transaction of its own
        Assert.Equal(new CSeqHeader(invite.CSeq.Number, SipMethods.Ack), ack.CSeq);
        Assert.Equal("tt1", ack.To.Tag);
        Assert.Equal("sip:agent@192.0.2.50:5070", bye.RequestUri.ToString()); // the answer's Contact
        Assert.Equal(invite.CallId, bye.CallId);
        Assert.Equal("tt1", bye.To.Tag);
        Assert.Equal(0, _agent.ActiveCalls);
        _transport.Inject(Requests.Reply(bye, 200));
        await SettledAsync();
        Assert.Equal(0, _agent.ActiveCalls);
    }

    [Fact]
    public async Task A_200_with_no_provisional_before_it_is_hung_up_and_no_cancel_is_sent()
    {
        using var abandon = new CancellationTokenSource();
        var call = Call(abandon.Token);
        var invite = SentInvite();
        await abandon.CancelAsync();
        await AssertAbandonedAsync(call);

        _transport.Inject(Answer(invite));

        _transport.Inject(Requests.Reply(await SentByeAsync(_transport), 200));
        await SettledAsync();
        Assert.Empty(_transport.SentRequests(SipMethods.Cancel));
        Assert.Single(_transport.SentRequests(SipMethods.Ack));
        Assert.Equal(0, _agent.ActiveCalls);
    }

    [Fact]
    public async Task A_cancel_answered_200_with_no_487_ends_the_invite_64_T1_later()
    {
        using var abandon = new CancellationTokenSource();
        var call = Call(abandon.Token);
        var invite = SentInvite();
        _transport.Inject(Requests.Reply(invite, 180));
        await abandon.CancelAsync();
        await AssertAbandonedAsync(call);
        _transport.Inject(Requests.Reply(_transport.SentRequests(SipMethods.Cancel).Single(), 200));

        _time.Advance(TimeSpan.FromSeconds(31.9));
        Assert.Equal(1, _agent.ActiveCalls);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        await SettledAsync();
        Assert.Equal(0, _agent.ActiveCalls);
        Assert.Equal(0, _agent.Transactions.ClientTransactionCount); // the INVITE's and the CANCEL's
    }

    [Fact]
    public async Task Cancelling_after_the_answer_leaves_the_call_to_its_owner()
    {
        using var abandon = new CancellationTokenSource();
        var call = Call(abandon.Token);
        var invite = SentInvite();
        _transport.Inject(Requests.Reply(invite, 180));
        _transport.Inject(Answer(invite));
        var sip = await Eventually.WithinAsync(call, Wait, "the answered call");

        await abandon.CancelAsync();

        Assert.Empty(_transport.SentRequests(SipMethods.Cancel));
        Assert.Empty(_transport.SentRequests(SipMethods.Bye));
        Assert.Equal(1, _agent.ActiveCalls);
        var hangUp = sip.ByeAsync();
        Assert.Equal(0, _agent.ActiveCalls);
        _transport.Inject(Requests.Reply(_transport.SentRequests(SipMethods.Bye).Single(), 200));
        await Eventually.WithinAsync(hangUp, Wait, "the BYE's 200");
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        using var abandon = new CancellationTokenSource();
        await abandon.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Call(abandon.Token));

        Assert.Empty(_transport.Sent);
        Assert.Equal(0, _agent.ActiveCalls);
    }

    [Fact]
    public async Task A_200_racing_the_cancellation_leaves_exactly_one_owner_and_gives_the_slot_back_once()
    {
        // Whoever wins, the slot count must end where the outcome says: 1 for a call the caller got, 0 otherwise,
        // and a call the caller did not get must have been ACKed and hung up.
        for (var round = 0; round < 50; round++)
        {
            var transport = new RecordingTransport(_time);
            var agent = new SipUserAgent(new SipUserAgentOptions(), new AnsweringHandler(), _time);
            agent.AddTransport(transport);
            using var abandon = new CancellationTokenSource();
            var call = Call(abandon.Token, agent, transport);
            var invite = transport.SentRequests(SipMethods.Invite).Single();
            transport.Inject(Requests.Reply(invite, 180));
            using var start = new Barrier(2);

            await Task.WhenAll(
                Task.Run(() =>
                {
                    start.SignalAndWait();
                    abandon.Cancel();
                }),
                Task.Run(() =>
                {
                    start.SignalAndWait();
                    transport.Inject(Answer(invite));
                }));

            SipCall? won = null;
            try
            {
                won = await Eventually.WithinAsync(call, Wait, "the call's outcome");
            }
            catch (OperationCanceledException)
            {
                transport.Inject(Requests.Reply(await SentByeAsync(transport), 200));
                await Eventually.WithinAsync(agent.WhenAbandonedCallsSettled(), Wait, "the abandoned call to settle");
            }

            Assert.Single(transport.SentRequests(SipMethods.Ack));
            Assert.Equal(won is null ? 0 : 1, agent.ActiveCalls);
            Assert.Equal(won is null ? 1 : 0, transport.SentRequests(SipMethods.Bye).Count());
        }
    }

    [Fact]
    public async Task Over_udp_our_own_callee_stops_ringing_and_both_sides_give_their_slots_back()
    {
        await using var pair = new UserAgentPair(_time);
        pair.Handler.Hold = true;
        var ringing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var abandon = new CancellationTokenSource();
        void OnProvisional(SipResponse response)
        {
            if (response.StatusCode == 180)
            {
                ringing.TrySetResult();
            }
        }

        var call = pair.Caller.CallAsync(SipUri.Parse("sip:agent@127.0.0.1"), NameAddress.Parse("<sip:+15550100@127.0.0.1>"), pair.CallerSdp.CreateOffer(30000),
            pair.CalleeTransport.LocalEndPoint, pair.CallerTransport, OnProvisional, cancellationToken: abandon.Token);
        await Eventually.WithinAsync(ringing.Task, Wait, "the callee to ring");

        await abandon.CancelAsync();

        await AssertAbandonedAsync(call);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = pair.Handler.Incoming[0].Cancelled.Register(() => cancelled.TrySetResult());
        await Eventually.WithinAsync(cancelled.Task, Wait, "the callee to see the CANCEL");
        await Eventually.WithinAsync(pair.Caller.WhenAbandonedCallsSettled(), Wait, "the 487 to end the caller's INVITE");
        Assert.Equal(0, pair.Caller.ActiveCalls);
        Assert.True(await Eventually.WithinAsync(pair.Handler.Incoming[0].Transaction.Acknowledged, Wait, "the ACK of the 487"));
        await Eventually.TrueAsync(() => pair.Callee.ActiveCalls == 0, Wait, "the callee to give its slot back");
    }

    private Task<SipCall> Call(CancellationToken cancellationToken) => Call(cancellationToken, _agent, _transport);

    private static Task<SipCall> Call(CancellationToken cancellationToken, SipUserAgent agent, RecordingTransport transport) =>
        agent.CallAsync(SipUri.Parse("sip:agent@192.0.2.50:5070"), NameAddress.Parse("<sip:+15550100@10.0.0.1>"),
            new SdpNegotiator(new SdpNegotiatorOptions(), "10.0.0.1").CreateOffer(30000), RecordingTransport.Peer, transport,
            cancellationToken: cancellationToken);

    private static SipResponse Answer(SipRequest invite)
    {
        var ok = Requests.Reply(invite, 200);
        ok.Headers.Add(SipHeaderNames.Contact, "<sip:agent@192.0.2.50:5070>");
        ok.Headers.Add(SipHeaderNames.ContentType, "application/sdp");
        ok.Body = new SdpNegotiator(new SdpNegotiatorOptions(), "192.0.2.50").CreateOffer(40000).ToArray();
        return ok;
    }

    private static async Task AssertAbandonedAsync(Task<SipCall> call) =>
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Wait));

    private SipRequest SentInvite() => _transport.SentRequests(SipMethods.Invite).First();

    private Task SettledAsync() => Eventually.WithinAsync(_agent.WhenAbandonedCallsSettled(), Wait, "the abandoned call to settle");

    /// <summary>The BYE for a late answer goes out from the background wind-down, which has no event of its own to await.</summary>
    private static async Task<SipRequest> SentByeAsync(RecordingTransport transport)
    {
        await Eventually.TrueAsync(() => transport.SentRequests(SipMethods.Bye).Any(), Wait, "the BYE for the late answer");
        return transport.SentRequests(SipMethods.Bye).Single();
    }
}
