using CallCluster.Sip.Dialogs;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;
using CallCluster.Testing;

namespace CallCluster.Sip.Tests.Dialogs;

/// <summary>Our UAC calls our UAS over loopback UDP; timers run on a manual clock.</summary>
public sealed class UserAgentTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task Call_is_set_up_and_either_side_can_hang_up()
    {
        await using var pair = new UserAgentPair(_time);

        var caller = await Eventually.WithinAsync(pair.CallAsync(), Wait, "the call to be answered");
        var callee = await Eventually.WithinAsync(pair.Handler.Answered.Task, Wait, "the callee's call");

        Assert.Equal(caller.Dialog.CallId, callee.Dialog.CallId);
        Assert.Equal(caller.Dialog.LocalTag, callee.Dialog.RemoteTag);
        Assert.Equal(callee.Dialog.LocalTag, caller.Dialog.RemoteTag);
        Assert.Equal("callcluster", caller.Dialog.RemoteTarget.User);
        await Eventually.WithinAsync(pair.Handler.Incoming[0].Transaction.Acknowledged, Wait, "the ACK for the 200");
        Assert.True(await pair.Handler.Incoming[0].Transaction.Acknowledged);
        Assert.Equal(1, pair.Callee.ActiveCalls);

        await caller.ByeAsync();

        Assert.Equal("remote hangup", await Eventually.WithinAsync(callee.Ended, Wait, "the callee to see BYE"));
        Assert.Equal("local hangup", await caller.Ended);
        Assert.Equal(0, pair.Callee.ActiveCalls);
        Assert.Equal(0, pair.Caller.ActiveCalls);
    }

    [Fact]
    public async Task Reinvite_puts_the_call_on_hold_and_back()
    {
        await using var pair = new UserAgentPair(_time);
        var caller = await Eventually.WithinAsync(pair.CallAsync(), Wait, "the call");
        var callee = await Eventually.WithinAsync(pair.Handler.Answered.Task, Wait, "the callee's call");
        var calleeSdp = new SdpNegotiator(new SdpNegotiatorOptions(), "127.0.0.1");
        var seenDirections = new List<MediaDirection>();
        callee.OfferReceived = offer =>
        {
            var answer = calleeSdp.Answer(offer, 41000);
            seenDirections.Add(answer.Media!.Direction);
            return answer.Description;
        };

        var hold = await Eventually.WithinAsync(caller.ReInviteAsync(pair.CallerSdp.CreateOffer(30000, MediaDirection.SendOnly)), Wait, "the hold re-INVITE");
        var unhold = await Eventually.WithinAsync(caller.ReInviteAsync(pair.CallerSdp.CreateOffer(30000)), Wait, "the unhold re-INVITE");

        Assert.Equal(200, hold.StatusCode);
        Assert.Equal(MediaDirection.RecvOnly, SessionDescription.Parse(hold.Body.Span).Media[0].Direction);
        Assert.Equal(200, unhold.StatusCode);
        Assert.Equal([MediaDirection.RecvOnly, MediaDirection.SendRecv], seenDirections);
    }

    [Fact]
    public async Task Info_dtmf_update_options_and_refer_with_sipfrag_notify()
    {
        await using var pair = new UserAgentPair(_time);
        var caller = await Eventually.WithinAsync(pair.CallAsync(), Wait, "the call");
        var callee = await Eventually.WithinAsync(pair.Handler.Answered.Task, Wait, "the callee's call");
        var digits = new List<DtmfRelay>();
        callee.DtmfReceived = digits.Add;
        var referred = new TaskCompletionSource<SipUri>(TaskCreationOptions.RunContinuationsAsynchronously);
        caller.ReferReceived = target =>
        {
            referred.SetResult(target);
            return 202;
        };
        var progress = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        callee.ReferProgress = status =>
        {
            if (status >= 200)
            {
                progress.TrySetResult(status);
            }
        };

        Assert.Equal(200, (await Eventually.WithinAsync(caller.SendDtmfInfoAsync(new DtmfRelay('5', 160)), Wait, "INFO")).StatusCode);
        Assert.Equal(200, (await Eventually.WithinAsync(caller.UpdateAsync(), Wait, "UPDATE")).StatusCode);
        Assert.Equal(202, (await Eventually.WithinAsync(callee.ReferAsync(SipUri.Parse("sip:human@192.0.2.9")), Wait, "REFER")).StatusCode);
        var target = await Eventually.WithinAsync(referred.Task, Wait, "the REFER to reach the caller");
        Assert.Equal(200, (await Eventually.WithinAsync(caller.NotifyReferProgressAsync(200), Wait, "NOTIFY")).StatusCode);

        Assert.Equal([new DtmfRelay('5', 160)], digits);
        Assert.Equal("human", target.User);
        Assert.Equal(200, await Eventually.WithinAsync(progress.Task, Wait, "the sipfrag status"));
    }

    [Fact]
    public async Task Call_cap_answers_503_with_retry_after()
    {
        await using var pair = new UserAgentPair(_time, new SipUserAgentOptions { MaxConcurrentCalls = 1, RetryAfterSeconds = 7 });
        await Eventually.WithinAsync(pair.CallAsync(), Wait, "the first call");

        var refused = await Assert.ThrowsAsync<SipCallFailedException>(() => Eventually.WithinAsync(pair.CallAsync(), Wait, "the second call"));

        Assert.Equal(503, refused.StatusCode);
        Assert.Single(pair.Handler.Incoming);
    }

    [Fact]
    public async Task Rejected_call_gives_its_slot_back()
    {
        await using var pair = new UserAgentPair(_time, new SipUserAgentOptions { MaxConcurrentCalls = 1 });
        pair.Handler.RejectWith = 486;

        var busy = await Assert.ThrowsAsync<SipCallFailedException>(() => Eventually.WithinAsync(pair.CallAsync(), Wait, "the rejected call"));
        await Eventually.TrueAsync(() => pair.Callee.ActiveCalls == 0, Wait, "the slot to be released after the ACK");
        pair.Handler.RejectWith = null;
        var second = await Eventually.WithinAsync(pair.CallAsync(), Wait, "the second call");

        Assert.Equal(486, busy.StatusCode);
        Assert.Equal(1, pair.Callee.ActiveCalls);
        await second.ByeAsync();
        await Eventually.TrueAsync(() => pair.Callee.ActiveCalls == 0, Wait, "the slot to be released after BYE");
    }

    [Fact]
    public async Task Trunk_digest_challenge_is_answered_and_wrong_password_refused()
    {
        await using var pair = new UserAgentPair(_time);
        pair.Handler.Authenticator = new CallCluster.Sip.Auth.DigestAuthenticator(new CallCluster.Sip.Auth.DigestServerOptions { Realm = "edge" }, _time);

        var refused = await Assert.ThrowsAsync<SipCallFailedException>(() =>
            Eventually.WithinAsync(pair.CallAsync(new CallCluster.Sip.Auth.DigestClient("trunk1", "wrong")), Wait, "the call with a wrong password"));
        var call = await Eventually.WithinAsync(pair.CallAsync(new CallCluster.Sip.Auth.DigestClient("trunk1", "s3cret")), Wait, "the authenticated call");

        Assert.Equal(401, refused.StatusCode);
        var authorized = pair.Handler.Incoming[^1].Invite;
        Assert.Equal("SHA-256", authorized.Authorization!.Get("algorithm"));
        Assert.Equal(2, authorized.CSeq.Number);
        Assert.Equal(call.Dialog.CallId, authorized.CallId);
    }

    [Fact]
    public async Task Too_small_session_interval_gets_422()
    {
        await using var pair = new UserAgentPair(_time,
            calleeOptions: new SipUserAgentOptions { SessionTimers = new SessionTimerOptions { MinSESeconds = 600 } },
            callerOptions: new SipUserAgentOptions { SessionTimers = new SessionTimerOptions { SessionExpiresSeconds = 120, MinSESeconds = 90 } });

        var refused = await Assert.ThrowsAsync<SipCallFailedException>(() => Eventually.WithinAsync(pair.CallAsync(), Wait, "the call"));

        Assert.Equal(422, refused.StatusCode);
        Assert.Empty(pair.Handler.Incoming);
    }

    [Fact]
    public async Task Caller_refreshes_the_session_and_callee_expires_it_when_refreshes_stop()
    {
        var options = new SipUserAgentOptions { SessionTimers = new SessionTimerOptions { SessionExpiresSeconds = 120 } };
        await using var pair = new UserAgentPair(_time, options, options);
        var caller = await Eventually.WithinAsync(pair.CallAsync(), Wait, "the call");
        var callee = await pair.CalleeCallAckedAsync(Wait);

        Assert.Equal(new SessionTimerNegotiation(120, "uac", WeRefresh: true), caller.SessionTimer);
        Assert.False(callee.SessionTimer!.WeRefresh);
        var remoteCSeq = callee.Dialog.RemoteCSeq;

        _time.Advance(TimeSpan.FromSeconds(60)); // refresh at half the interval
        await Eventually.TrueAsync(() => callee.Dialog.RemoteCSeq > remoteCSeq, Wait, "the callee sees the refresh UPDATE");
        Assert.False(callee.Ended.IsCompleted);

        await caller.ByeAsync(); // stops the caller's refreshes; the callee sees the BYE and ends too
        Assert.Equal("remote hangup", await Eventually.WithinAsync(callee.Ended, Wait, "the BYE"));
    }

    [Fact]
    public async Task Callee_sends_bye_when_the_session_is_not_refreshed()
    {
        var callerOptions = new SipUserAgentOptions { SessionTimers = new SessionTimerOptions { SessionExpiresSeconds = 120 } };
        await using var pair = new UserAgentPair(_time, callerOptions: callerOptions);
        await Eventually.WithinAsync(pair.CallAsync(), Wait, "the call");
        var callee = await pair.CalleeCallAckedAsync(Wait);
        var refreshes = callee.Dialog.RemoteCSeq;

        // The caller's refresh (due at 60 s) can no longer reach the callee, whose expiry is 120 - 32 = 88 s.
        await pair.CallerTransport.DisposeAsync();
        _time.Advance(TimeSpan.FromSeconds(88));

        Assert.Equal("session expired", await Eventually.WithinAsync(callee.Ended, Wait, "the session to expire"));
        Assert.Equal(refreshes, callee.Dialog.RemoteCSeq);
    }
}
