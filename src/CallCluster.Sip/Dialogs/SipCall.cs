using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;
using CallCluster.Sip.Transactions;

namespace CallCluster.Sip.Dialogs;

/// <summary>
/// An established call: one INVITE dialog with its in-dialog requests (BYE, re-INVITE, UPDATE, INFO, OPTIONS,
/// REFER/NOTIFY) and its RFC 4028 session timer.
/// </summary>
public sealed class SipCall
{
    private readonly SipUserAgent _agent;
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SipRequest> _firstAck = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private SessionTimerNegotiation? _sessionTimer;
    private ITimer? _sessionTimerTask;
    private SessionDescription _localSdp;
    private ReferSubscription? _outboundRefer;
    private int _awaitingAckAnswer;

    internal SipCall(SipUserAgent agent, SipDialog dialog, SessionTimerNegotiation? sessionTimer, SessionDescription localSdp)
    {
        _agent = agent;
        Dialog = dialog;
        _sessionTimer = sessionTimer;
        _localSdp = localSdp;
        ArmSessionTimer();
    }

    public SipDialog Dialog { get; }

    public SessionTimerNegotiation? SessionTimer => _sessionTimer;

    /// <summary>For a call we placed: the SDP answer in the peer's 2xx, which the caller's media is set up from.</summary>
    public SessionDescription? RemoteDescription { get; internal init; }

    /// <summary>Completes with the reason when the call ends (either side's BYE, session expiry, no ACK).</summary>
    public Task<string> Ended => _ended.Task;

    /// <summary>
    /// For a call we answered: the ACK of our 2xx. After a delayed-offer INVITE (no SDP) our 2xx carried the offer and
    /// this ACK carries the answer (RFC 3261 §13.2.1, RFC 3264 §4).
    /// </summary>
    public Task<SipRequest> Acknowledgement => _firstAck.Task;

    /// <summary>
    /// The peer's re-INVITE without SDP asks us for an offer (RFC 3261 §14.2): return it; its answer comes in the ACK
    /// (<see cref="AnswerReceived"/>). Default: offer our current SDP again.
    /// </summary>
    public Func<SessionDescription>? OfferRequested { get; set; }

    /// <summary>The answer in the ACK to an offer we put in a 2xx to a re-INVITE without SDP.</summary>
    public Action<SessionDescription>? AnswerReceived { get; set; }

    /// <summary>The peer's re-INVITE or UPDATE offer: return our answer, or null for 488. Default: keep our SDP.</summary>
    public Func<SessionDescription, SessionDescription?>? OfferReceived { get; set; }

    /// <summary>A digit from INFO (RFC 4733 in-band/RTP events are the media layer's).</summary>
    public Action<DtmfRelay>? DtmfReceived { get; set; }

    /// <summary>
    /// The peer asks us to call its Refer-To, a SIP URI (a blind transfer, RFC 3515): return the status to answer the
    /// REFER with. 202 accepts (see <see cref="ReferAccepted"/>); anything else refuses (e.g. 403 for a target we may not
    /// call). Unset, every REFER is refused with 403: a UA that does nothing with a REFER must not accept it. A Refer-To
    /// that is missing, repeated, malformed or not a SIP URI is answered 400 before this is asked.
    /// </summary>
    public Func<SipUri, int>? ReferReceived { get; set; }

    /// <summary>
    /// A REFER was accepted: the 202 and the subscription's initial NOTIFY (100 Trying, RFC 3515 §2.4.4) are sent. Call
    /// the target, report with <see cref="NotifyReferProgressAsync"/>, and always end with one final status, which ends
    /// the subscription.
    /// </summary>
    public Action<SipUri>? ReferAccepted { get; set; }

    /// <summary>The status line of a NOTIFY about a REFER we sent (see also <see cref="TransferAsync"/>, which waits for the final one).</summary>
    public Action<int>? ReferProgress { get; set; }

    /// <summary>Hangs up.</summary>
    public async Task ByeAsync()
    {
        if (!End("local hangup"))
        {
            return;
        }

        await SendAsync(Dialog.CreateRequest(SipMethods.Bye));
    }

    /// <summary>re-INVITE with a new offer (hold: sendonly; unhold: sendrecv; codec change). Returns the final response.</summary>
    public async Task<SipResponse> ReInviteAsync(SessionDescription offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var request = Dialog.CreateRequest(SipMethods.Invite);
        AttachSdp(request, offer);
        var response = await SendAsync(request);
        if (response.IsSuccess)
        {
            await _agent.SendStatelessAsync(Dialog.CreateAck(request.CSeq.Number), Dialog.RemoteEndPoint, Dialog.Transport);
            Dialog.ApplyTargetRefresh(response);
            _localSdp = offer;
            OnSessionRefreshed(response);
        }

        return response;
    }

    /// <summary>UPDATE (RFC 3311), with or without a new offer; without one it refreshes the session timer.</summary>
    public async Task<SipResponse> UpdateAsync(SessionDescription? offer = null)
    {
        var request = Dialog.CreateRequest(SipMethods.Update);
        if (offer is not null)
        {
            AttachSdp(request, offer);
        }

        var response = await SendAsync(request);
        if (response.IsSuccess)
        {
            Dialog.ApplyTargetRefresh(response);
            _localSdp = offer ?? _localSdp;
            OnSessionRefreshed(response);
        }

        return response;
    }

    public Task<SipResponse> SendDtmfInfoAsync(DtmfRelay digit)
    {
        var request = Dialog.CreateRequest(SipMethods.Info);
        request.Headers.Add(SipHeaderNames.ContentType, DtmfRelay.ContentType);
        request.Body = digit.ToBody();
        return SendAsync(request);
    }

    /// <summary>Blind transfer (RFC 3515): asks the peer to call <paramref name="target"/>.</summary>
    public Task<SipResponse> ReferAsync(SipUri target)
    {
        var request = Dialog.CreateRequest(SipMethods.Refer);
        request.Headers.Add(SipHeaderNames.ReferTo, new NameAddress(target).ToString());
        return SendAsync(request);
    }

    /// <summary>
    /// Blind transfer as the transferor (RFC 3515, RFC 5589): sends REFER, then waits for the transferee's sipfrag
    /// NOTIFYs until a final status. Succeeded only on a final 2xx; a refused REFER, a final error, a subscription
    /// terminated without a final status, the end of the call or no final status within
    /// <paramref name="finalStatusTimeout"/> (on the UA's clock) is a failure. The call stays up either way: hanging up
    /// after a success is the caller's decision.
    /// </summary>
    /// <exception cref="InvalidOperationException">A transfer on this call is already waiting for its outcome.</exception>
    public async Task<ReferOutcome> TransferAsync(SipUri target, TimeSpan finalStatusTimeout)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var subscription = new ReferSubscription(_agent.Time, finalStatusTimeout);

        // Registered before the REFER goes out: the first NOTIFY may overtake the 202 (RFC 3515 §2.4.4).
        if (Interlocked.CompareExchange(ref _outboundRefer, subscription, null) is not null)
        {
            throw new InvalidOperationException("A transfer on this call is already waiting for its outcome.");
        }

        try
        {
            if (_ended.Task.IsCompleted)
            {
                subscription.OnDialogEnded(_ended.Task.Result);
                return await subscription.Outcome;
            }

            // Not awaited before the outcome: the timeout runs from now, whether or not the peer ever answers the REFER
            // (its transaction would take 64·T1 to time out).
            var refer = ReferAsync(target);
            _ = refer.ContinueWith(
                static (sent, state) =>
                {
                    var subscription = (ReferSubscription)state!;
                    if (!sent.IsCompletedSuccessfully)
                    {
                        subscription.OnReferRefused(503, "the REFER could not be sent");
                    }
                    else if (!sent.Result.IsSuccess)
                    {
                        subscription.OnReferRefused(sent.Result.StatusCode, sent.Result.ReasonPhrase);
                    }
                },
                subscription,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return await subscription.Outcome;
        }
        finally
        {
            Interlocked.CompareExchange(ref _outboundRefer, null, subscription);
        }
    }

    /// <summary>
    /// Reports a REFER's progress to the referrer with a sipfrag NOTIFY (RFC 3515 §2.4.5); a final status ends the
    /// subscription, so send exactly one, last.
    /// </summary>
    public Task<SipResponse> NotifyReferProgressAsync(int statusCode, string? reasonPhrase = null)
    {
        var request = Dialog.CreateRequest(SipMethods.Notify);
        request.Headers.Add(SipHeaderNames.Event, "refer");
        request.Headers.Add(SipHeaderNames.SubscriptionState, statusCode >= 200 ? "terminated;reason=noresource" : "active;expires=60");
        request.Headers.Add(SipHeaderNames.ContentType, SipFrag.ContentType);
        request.Body = SipFrag.Create(statusCode, reasonPhrase);
        return SendAsync(request);
    }

    internal void DecorateSuccess(SipResponse response, SessionDescription? sdp)
    {
        response.Headers.Add(SipHeaderNames.Contact, Dialog.LocalContact.ToString());
        response.Headers.Add(SipHeaderNames.Allow, SipUserAgent.AllowedMethods);
        response.Headers.Add(SipHeaderNames.Supported, "timer");
        if (sdp is not null)
        {
            AttachSdp(response, sdp);
        }
    }

    /// <summary>After our 2xx: a missing ACK ends the call (RFC 3261 §13.3.1.4).</summary>
    internal void WatchAck(ServerTransaction invite)
    {
        _ = invite.Acknowledged.ContinueWith(
            async acked =>
            {
                if (!acked.Result && End("no ACK"))
                {
                    await SendAsync(Dialog.CreateRequest(SipMethods.Bye));
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    internal async Task OnRequestAsync(ServerTransaction transaction)
    {
        var request = transaction.Request;
        if (!Dialog.TryAcceptRemoteRequest(request))
        {
            await transaction.SendResponseAsync(SipResponse.CreateFor(request, 500, "CSeq out of order"));
            return;
        }

        switch (request.Method)
        {
            case SipMethods.Bye:
                await transaction.SendResponseAsync(SipResponse.CreateFor(request, 200));
                End("remote hangup");
                break;
            case SipMethods.Invite or SipMethods.Update:
                await AnswerOfferAsync(transaction);
                break;
            case SipMethods.Info:
                await OnInfoAsync(transaction);
                break;
            case SipMethods.Refer:
                await OnReferAsync(transaction);
                break;
            case SipMethods.Notify:
                await OnNotifyAsync(transaction);
                break;
            case SipMethods.Options:
                var ok = SipResponse.CreateFor(request, 200);
                ok.Headers.Add(SipHeaderNames.Allow, SipUserAgent.AllowedMethods);
                await transaction.SendResponseAsync(ok);
                break;
            default:
                var notAllowed = SipResponse.CreateFor(request, 405);
                notAllowed.Headers.Add(SipHeaderNames.Allow, SipUserAgent.AllowedMethods);
                await transaction.SendResponseAsync(notAllowed);
                break;
        }
    }

    internal void OnAck(SipRequest ack)
    {
        // The ACK itself needs no answer; an ACK for a re-INVITE's 2xx has already stopped its retransmission.
        // On a call we placed every ACK we receive is for a peer's re-INVITE: none of them is "the" ACK of our answer.
        if ((!Dialog.IsCaller && _firstAck.TrySetResult(ack)) || Interlocked.Exchange(ref _awaitingAckAnswer, 0) == 0 || ack.Body.IsEmpty)
        {
            return;
        }

        try
        {
            AnswerReceived?.Invoke(SessionDescription.Parse(ack.Body.Span));
        }
        catch (SipParseException)
        {
            // An ACK cannot be refused; the media stays as it was and the peer's next offer may fix it.
        }
    }

    internal void EndBecause(string reason) => End(reason);

    private async Task AnswerOfferAsync(ServerTransaction transaction)
    {
        var request = transaction.Request;
        SessionDescription? answer = _localSdp;
        var delayedOffer = request.Body.IsEmpty && request.Method == SipMethods.Invite;
        if (!request.Body.IsEmpty)
        {
            var offer = SessionDescription.Parse(request.Body.Span);
            answer = OfferReceived is null ? _localSdp : OfferReceived(offer);
        }
        else if (delayedOffer && OfferRequested is { } createOffer)
        {
            answer = createOffer();
        }

        if (answer is null)
        {
            await transaction.SendResponseAsync(SipResponse.CreateFor(request, 488));
            return;
        }

        if (request.SessionExpires is { } se && se.DeltaSeconds < _agent.Options.SessionTimers.MinSESeconds)
        {
            var tooSmall = SipResponse.CreateFor(request, 422);
            SessionTimerNegotiation.AddMinSE(tooSmall, _agent.Options.SessionTimers.MinSESeconds);
            await transaction.SendResponseAsync(tooSmall);
            return;
        }

        _localSdp = answer;
        var ok = SipResponse.CreateFor(request, 200);
        DecorateSuccess(ok, request.Body.IsEmpty && request.Method == SipMethods.Update ? null : answer);
        if (_sessionTimer is not null || request.SessionExpires is not null)
        {
            // Refresher roles are those of this transaction, in which we are the UAS whichever side placed the call.
            _sessionTimer = SessionTimerNegotiation.ForCallee(request, _agent.Options.SessionTimers, out _);
            _sessionTimer?.ApplyTo(ok);
        }

        Volatile.Write(ref _awaitingAckAnswer, delayedOffer ? 1 : 0);
        await transaction.SendResponseAsync(ok);
        ArmSessionTimer();
    }

    private async Task OnReferAsync(ServerTransaction transaction)
    {
        var request = transaction.Request;
        var referTo = request.Headers.GetAll(SipHeaderNames.ReferTo);
        SipUri? target = null;
        string? problem = referTo.Count switch
        {
            0 => "Missing Refer-To",
            > 1 => "More than one Refer-To",
            _ => null,
        };
        if (problem is null)
        {
            try
            {
                target = NameAddress.Parse(referTo[0]).Uri;
                problem = target.IsSip ? null : "Refer-To is not a SIP URI";
            }
            catch (SipParseException e)
            {
                problem = $"Malformed Refer-To: {e.ReasonPhrase}";
            }
        }

        if (problem is not null)
        {
            // RFC 3515 §2.4.2: a REFER without exactly one usable Refer-To is a bad request.
            await transaction.SendResponseAsync(SipResponse.CreateFor(request, 400, problem));
            return;
        }

        var decide = ReferReceived;
        var status = decide?.Invoke(target!) ?? 403;
        await transaction.SendResponseAsync(SipResponse.CreateFor(request, status, decide is null ? "Transfer not supported" : null));
        if (status is >= 200 and < 300)
        {
            // Sent, not awaited: the final NOTIFY must not wait for this one's answer, only follow it.
            _ = NotifyReferProgressAsync(100);
            ReferAccepted?.Invoke(target!);
        }
    }

    private async Task OnNotifyAsync(ServerTransaction transaction)
    {
        var request = transaction.Request;
        var eventPackage = request.Headers.Get(SipHeaderNames.Event);
        if (eventPackage is null || !EventPackage(eventPackage).Equals("refer", StringComparison.OrdinalIgnoreCase))
        {
            // Refer is the only event package we subscribe to (implicitly, by sending REFER): RFC 6665 §4.1.3.
            await transaction.SendResponseAsync(SipResponse.CreateFor(request, 489));
            return;
        }

        int status;
        try
        {
            status = request.ContentType?.Is("message/sipfrag") == true
                ? SipFrag.ParseStatus(request.Body.Span)
                : throw new SipParseException("A refer NOTIFY carries a message/sipfrag body");
        }
        catch (SipParseException e)
        {
            await transaction.SendResponseAsync(SipResponse.CreateFor(request, 400, e.ReasonPhrase));
            return;
        }

        // Recorded before the 200 goes out: a transferee that hangs up as soon as its final NOTIFY is answered must find
        // the transfer already decided, not racing its BYE.
        var terminated = request.Headers.Get(SipHeaderNames.SubscriptionState) is { } state
                         && EventPackage(state).Equals("terminated", StringComparison.OrdinalIgnoreCase);
        Volatile.Read(ref _outboundRefer)?.OnNotify(status, terminated);
        ReferProgress?.Invoke(status);
        await transaction.SendResponseAsync(SipResponse.CreateFor(request, 200));
    }

    // The token before any parameters: "refer;id=93809824" → "refer", "terminated;reason=noresource" → "terminated".
    private static ReadOnlySpan<char> EventPackage(string value)
    {
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? value : value[..semicolon]).AsSpan().Trim();
    }

    private async Task OnInfoAsync(ServerTransaction transaction)
    {
        var request = transaction.Request;
        DtmfRelay? digit;
        try
        {
            digit = DtmfRelay.Parse(request.ContentType, request.Body.Span);
        }
        catch (SipParseException e)
        {
            await transaction.SendResponseAsync(SipResponse.CreateFor(request, 400, e.ReasonPhrase));
            return;
        }

        if (digit is null && !request.Body.IsEmpty)
        {
            await transaction.SendResponseAsync(SipResponse.CreateFor(request, 415));
            return;
        }

        await transaction.SendResponseAsync(SipResponse.CreateFor(request, 200));
        if (digit is { } d)
        {
            DtmfReceived?.Invoke(d);
        }
    }

    private void OnSessionRefreshed(SipResponse response)
    {
        if (_sessionTimer is not null)
        {
            // We sent the refresh, so "uac" in the answer means us, whichever side placed the call.
            _sessionTimer = SessionTimerNegotiation.ForCaller(response) ?? _sessionTimer;
        }

        ArmSessionTimer();
    }

    private void ArmSessionTimer()
    {
        lock (_gate)
        {
            _sessionTimerTask?.Dispose();
            _sessionTimerTask = null;
            if (_sessionTimer is not { } timer || _ended.Task.IsCompleted)
            {
                return;
            }

            _sessionTimerTask = timer.WeRefresh
                ? _agent.Time.CreateTimer(_ => _ = RefreshAsync(), null, timer.RefreshAfter, Timeout.InfiniteTimeSpan)
                : _agent.Time.CreateTimer(_ => _ = ExpireAsync(), null, timer.ExpireAfter, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task RefreshAsync()
    {
        var request = Dialog.CreateRequest(SipMethods.Update);
        request.Headers.Add(SipHeaderNames.SessionExpires, new SessionExpiresHeader(_sessionTimer!.IntervalSeconds, _sessionTimer.Refresher).ToString());
        request.Headers.Add(SipHeaderNames.Supported, "timer");
        var response = await SendAsync(request);
        if (response.IsSuccess)
        {
            OnSessionRefreshed(response);
        }
        else if (response.StatusCode is 408 or 481)
        {
            End("session refresh failed");
        }
        else
        {
            ArmSessionTimer();
        }
    }

    private async Task ExpireAsync()
    {
        if (End("session expired"))
        {
            await SendAsync(Dialog.CreateRequest(SipMethods.Bye));
        }
    }

    private bool End(string reason)
    {
        if (!_ended.TrySetResult(reason))
        {
            return false;
        }

        lock (_gate)
        {
            _sessionTimerTask?.Dispose();
        }

        Volatile.Read(ref _outboundRefer)?.OnDialogEnded(reason);
        _agent.Unregister(this);
        return true;
    }

    private static void AttachSdp(SipMessage message, SessionDescription sdp)
    {
        message.Headers.Set(SipHeaderNames.ContentType, "application/sdp");
        message.Body = sdp.ToArray();
    }

    private Task<SipResponse> SendAsync(SipRequest request) =>
        _agent.SendRequest(request, Dialog.RemoteEndPoint, Dialog.Transport).Completion;
}
