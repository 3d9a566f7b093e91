using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;
using CallCluster.Sip.Transactions;

namespace CallCluster.Sip.Dialogs;

/// <summary>An INVITE waiting for the application: ring it, accept it with an SDP answer, or reject it.</summary>
public sealed class IncomingCall
{
    private readonly SipUserAgent _agent;
    private readonly SessionTimerNegotiation? _sessionTimer;
    private int _slotSettled;

    internal IncomingCall(SipUserAgent agent, ServerTransaction transaction, SessionTimerNegotiation? sessionTimer)
    {
        _agent = agent;
        Transaction = transaction;
        _sessionTimer = sessionTimer;
        LocalTag = SipTransactionLayer.NewTag();
        Offer = transaction.Request.Body.IsEmpty ? null : SessionDescription.Parse(transaction.Request.Body.Span);
    }

    public SipRequest Invite => Transaction.Request;

    public ServerTransaction Transaction { get; }

    /// <summary>The SDP offer, or null for a delayed-offer INVITE.</summary>
    public SessionDescription? Offer { get; }

    /// <summary>Signalled when the caller CANCELs before we answered.</summary>
    public CancellationToken Cancelled => Transaction.CancellationRequested;

    internal string LocalTag { get; }

    /// <summary>
    /// Settles this call's place under the call cap exactly once: either handed to the established call (which gives
    /// it back when it ends) or given back here when the INVITE fails, is rejected or is cancelled.
    /// </summary>
    internal bool TrySettleSlot() => Interlocked.Exchange(ref _slotSettled, 1) == 0;

    public ValueTask RingAsync() => Transaction.SendResponseAsync(SipResponse.CreateFor(Invite, 180, toTag: LocalTag));

    public ValueTask RejectAsync(int statusCode, string? reasonPhrase = null) =>
        Transaction.SendResponseAsync(SipResponse.CreateFor(Invite, statusCode, reasonPhrase, LocalTag));

    /// <summary>401 with one WWW-Authenticate per challenge (see <see cref="Auth.DigestAuthenticator.CreateChallenges"/>).</summary>
    public ValueTask ChallengeAsync(IEnumerable<AuthHeaderValue> challenges)
    {
        ArgumentNullException.ThrowIfNull(challenges);
        var unauthorized = SipResponse.CreateFor(Invite, 401, toTag: LocalTag);
        foreach (var challenge in challenges)
        {
            unauthorized.Headers.Add(SipHeaderNames.WwwAuthenticate, challenge.ToString());
        }

        return Transaction.SendResponseAsync(unauthorized);
    }

    /// <summary>Answers 200 with <paramref name="answer"/> and returns the established call.</summary>
    /// <param name="answer">Our SDP answer (or our offer, for a delayed-offer INVITE).</param>
    /// <param name="prepare">
    /// Sets the call's handlers (REFER, re-INVITE, INFO) before it can receive a request: the peer may send one as soon
    /// as it has our 200, before this method returns.
    /// </param>
    public async ValueTask<SipCall> AcceptAsync(SessionDescription answer, Action<SipCall>? prepare = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (!TrySettleSlot())
        {
            throw new InvalidOperationException("The INVITE has already been answered or has ended.");
        }

        var dialog = SipDialog.ForCallee(Invite, LocalTag, _agent.LocalContact(Transaction.Transport), Transaction.Remote, Transaction.Transport);
        var call = new SipCall(_agent, dialog, _sessionTimer, answer);
        var ok = SipResponse.CreateFor(Invite, 200, toTag: LocalTag);
        call.DecorateSuccess(ok, answer);
        _sessionTimer?.ApplyTo(ok);
        prepare?.Invoke(call);
        _agent.Register(call);
        await Transaction.SendResponseAsync(ok);
        call.WatchAck(Transaction);
        return call;
    }
}
