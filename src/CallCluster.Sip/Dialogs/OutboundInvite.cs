using System.Net;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;
using CallCluster.Sip.Transactions;
using CallCluster.Sip.Transport;

namespace CallCluster.Sip.Dialogs;

/// <summary>
/// One INVITE we sent, which its caller may give up on before the final response (RFC 3261 §9.1). The caller is then
/// released at once and the INVITE is wound down here, in the background: a CANCEL goes out once a provisional
/// response has arrived (never before: the far end may not have the INVITE yet, and a CANCEL overtaking it would be
/// answered 481 and leave the INVITE to ring); the final response that follows (487 expected, ACKed by the transaction)
/// gives the call slot back; a 2xx that crossed the CANCEL is ACKed and hung up at once (§15), so the far end is never
/// left with a call nobody owns. Without any final response the transaction's own timeout ends it (timer B, or 64·T1
/// after the CANCEL).
/// </summary>
internal sealed class OutboundInvite
{
    private readonly SipUserAgent _agent;
    private readonly SessionDescription _offer;
    private readonly Action<SipResponse>? _onProvisional;
    private readonly ClientTransaction _transaction;
    private readonly TaskCompletionSource _abandonedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private bool _abandoned;
    private bool _cancelSent;

    /// <summary>Sends <paramref name="invite"/> in a new client transaction.</summary>
    public OutboundInvite(SipUserAgent agent, SipRequest invite, SessionDescription offer, IPEndPoint destination, ISipTransport transport,
        Action<SipResponse>? onProvisional)
    {
        _agent = agent;
        _offer = offer;
        _onProvisional = onProvisional;
        _transaction = agent.SendRequest(invite, destination, transport, OnResponse);
    }

    /// <summary>
    /// The final response; null when <paramref name="cancellationToken"/> fired first, and the INVITE was abandoned: its
    /// call slot is then this object's to give back.
    /// </summary>
    public async Task<SipResponse?> FinalResponseAsync(CancellationToken cancellationToken)
    {
        var completion = _transaction.Completion;
        using (cancellationToken.Register(static state => ((OutboundInvite)state!).Abandon(), this))
        {
            await Task.WhenAny(completion, _abandonedSignal.Task);
        }

        // Disposing the registration waited for a running Abandon, so the decision is made and final.
        lock (_gate)
        {
            if (_abandoned)
            {
                return null;
            }
        }

        return await completion;
    }

    private void Abandon()
    {
        lock (_gate)
        {
            if (_transaction.Completion.IsCompleted)
            {
                return; // the final response won the race: the caller gets it (and a 2xx is its call)
            }

            _abandoned = true;
        }

        _abandonedSignal.TrySetResult();
        TryCancel();
        _agent.TrackAbandoned(WindDownAsync());
    }

    private void OnResponse(SipResponse response)
    {
        if (!response.IsProvisional)
        {
            return;
        }

        bool abandoned;
        lock (_gate)
        {
            abandoned = _abandoned;
        }

        if (abandoned)
        {
            TryCancel();
        }
        else
        {
            _onProvisional?.Invoke(response);
        }
    }

    private void TryCancel()
    {
        lock (_gate)
        {
            if (!_abandoned || _cancelSent || !_transaction.HasProvisional)
            {
                return;
            }

            _cancelSent = true;
        }

        // Null when the final response has just arrived: WindDownAsync deals with it.
        _ = _agent.Transactions.Cancel(_transaction);
    }

    private async Task WindDownAsync()
    {
        var final = await _transaction.Completion;
        if (final.IsSuccess)
        {
            await _agent.HangUpLateAnswerAsync(_transaction.Request, final, _offer, _transaction.Destination, _transaction.Transport);
        }
        else
        {
            _agent.ReleaseCallSlot();
        }
    }
}
