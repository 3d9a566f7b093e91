using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;
using CallCluster.Sip.Transactions;

namespace CallCluster.Sip.Dialogs;

/// <summary>An INVITE waiting for the application: ring it, accept it with an SDP answer, or reject it.</summary>
public sealed class IncomingCall
{
    private readonly SipUserAgent _agent;
    private readonly SessionTimerNegotiation? _sessionTimer;

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

    public ValueTask RingAsync() => Transaction.SendResponseAsync(SipResponse.CreateFor(Invite, 180, toTag: LocalTag));

    public ValueTask RejectAsync(int statusCode, string? reasonPhrase = null) =>
        Transaction.SendResponseAsync(SipResponse.CreateFor(Invite, statusCode, reasonPhrase, LocalTag));

    /// <summary>Answers 200 with <paramref name="answer"/> and returns the established call.</summary>
    public async ValueTask<SipCall> AcceptAsync(SessionDescription answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var dialog = SipDialog.ForCallee(Invite, LocalTag, _agent.LocalContact(Transaction.Transport), Transaction.Remote, Transaction.Transport);
        var call = new SipCall(_agent, dialog, _sessionTimer, answer);
        var ok = SipResponse.CreateFor(Invite, 200, toTag: LocalTag);
        call.DecorateSuccess(ok, answer);
        _sessionTimer?.ApplyTo(ok);
        _agent.Register(call);
        await Transaction.SendResponseAsync(ok);
        call.WatchAck(Transaction);
        return call;
    }
}
