using System.Net;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Transport;

namespace CallCluster.Sip.Transactions;

/// <summary>
/// An INVITE or non-INVITE server transaction (RFC 3261 §17.2, RFC 6026). Answers retransmitted requests with the
/// last response, retransmits failure responses to INVITE until the ACK (timer G, H) and 2xx responses until the
/// dialog's ACK (RFC 3261 §13.3.1.4, timer L).
/// </summary>
public sealed class ServerTransaction
{
    private readonly SipTransactionLayer _layer;
    private readonly object _gate = new();
    private readonly TransactionTimer _retransmit;
    private readonly TransactionTimer _timeout;
    private readonly CancellationTokenSource _cancelled = new();
    private readonly TaskCompletionSource<bool> _acknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SipResponse? _lastResponse;

    internal ServerTransaction(SipTransactionLayer layer, SipInbound inbound, string key)
    {
        _layer = layer;
        Request = (SipRequest)inbound.Message;
        Remote = inbound.Remote;
        Transport = inbound.Transport;
        Key = key;
        IsInvite = Request.IsInvite;
        State = IsInvite ? SipTransactionState.Proceeding : SipTransactionState.Trying;
        _retransmit = new TransactionTimer(layer.Time, OnRetransmitTimer);
        _timeout = new TransactionTimer(layer.Time, OnTimeoutTimer);
    }

    public SipRequest Request { get; }

    /// <summary>Where the request came from (the connection to answer on, for TCP).</summary>
    public IPEndPoint Remote { get; }

    public ISipTransport Transport { get; }

    public bool IsInvite { get; }

    public SipTransactionState State { get; private set; }

    /// <summary>Signalled when a CANCEL for this INVITE arrives while it is still proceeding (a 487 has been sent).</summary>
    public CancellationToken CancellationRequested => _cancelled.Token;

    /// <summary>
    /// For INVITE: true when the ACK arrived (for a 2xx or a failure response), false when timer H or L ran out
    /// first (after a 2xx that means the dialog must be torn down with BYE, RFC 3261 §13.3.1.4).
    /// </summary>
    public Task<bool> Acknowledged => _acknowledged.Task;

    internal string Key { get; }

    internal string? DialogAckKey { get; private set; }

    /// <summary>Sends a response within the transaction; the state machine decides retransmissions.</summary>
    public ValueTask SendResponseAsync(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        lock (_gate)
        {
            if (State is SipTransactionState.Completed or SipTransactionState.Confirmed or SipTransactionState.Terminated
                || (State == SipTransactionState.Accepted && !response.IsSuccess))
            {
                return ValueTask.CompletedTask; // a final response already went out; RFC 3261 forbids a second
            }

            _lastResponse = response;
            if (response.IsProvisional)
            {
                State = SipTransactionState.Proceeding;
            }
            else if (IsInvite && response.IsSuccess)
            {
                State = SipTransactionState.Accepted;
                DialogAckKey = SipTransactionLayer.DialogAckKey(Request);
                _layer.TrackAccepted(this);
                if (!Transport.IsReliable)
                {
                    _retransmit.Start(_layer.Timers.T1);
                }

                _timeout.Start(_layer.Timers.TransactionTimeout); // timer L
            }
            else if (IsInvite)
            {
                State = SipTransactionState.Completed;
                if (!Transport.IsReliable)
                {
                    _retransmit.Start(_layer.Timers.T1); // timer G
                }

                _timeout.Start(_layer.Timers.TransactionTimeout); // timer H
            }
            else
            {
                State = SipTransactionState.Completed;
                _timeout.Start(Transport.IsReliable ? TimeSpan.Zero : _layer.Timers.TransactionTimeout); // timer J
            }
        }

        return _layer.SendResponseAsync(response, this);
    }

    internal void OnRetransmittedRequest()
    {
        SipResponse? resend;
        lock (_gate)
        {
            resend = State is SipTransactionState.Proceeding or SipTransactionState.Completed or SipTransactionState.Accepted
                ? _lastResponse
                : null;
        }

        if (resend is not null)
        {
            _ = _layer.SendResponseAsync(resend, this);
        }
    }

    /// <summary>An ACK for this transaction's failure response (same branch) or for its 2xx (matched by dialog).</summary>
    internal void OnAck()
    {
        lock (_gate)
        {
            if (State == SipTransactionState.Completed)
            {
                State = SipTransactionState.Confirmed;
                _retransmit.Stop();
                _timeout.Start(Transport.IsReliable ? TimeSpan.Zero : _layer.Timers.T4); // timer I
            }
            else if (State == SipTransactionState.Accepted)
            {
                _retransmit.Stop(); // the 2xx got through; keep absorbing retransmitted INVITEs until timer L
            }
            else
            {
                return;
            }
        }

        _acknowledged.TrySetResult(true);
    }

    /// <summary>CANCEL matched this INVITE: answer 487 if still proceeding. Returns whether it was cancelled.</summary>
    internal bool Cancel()
    {
        string toTag;
        lock (_gate)
        {
            if (!IsInvite || State != SipTransactionState.Proceeding)
            {
                return false;
            }

            toTag = _lastResponse?.To.Tag ?? SipTransactionLayer.NewTag();
        }

        _ = SendResponseAsync(SipResponse.CreateFor(Request, 487, toTag: toTag));
        _cancelled.Cancel();
        return true;
    }

    private void OnRetransmitTimer()
    {
        SipResponse? resend;
        lock (_gate)
        {
            if (State is not (SipTransactionState.Completed or SipTransactionState.Accepted))
            {
                return;
            }

            resend = _lastResponse;
            _retransmit.Start(TimeSpan.FromTicks(Math.Min((_retransmit.Interval * 2).Ticks, _layer.Timers.T2.Ticks)));
        }

        if (resend is not null)
        {
            _ = _layer.SendResponseAsync(resend, this);
        }
    }

    private void OnTimeoutTimer()
    {
        bool wasWaitingForAck;
        lock (_gate)
        {
            wasWaitingForAck = IsInvite && State is SipTransactionState.Completed or SipTransactionState.Accepted && !_acknowledged.Task.IsCompleted;
            State = SipTransactionState.Terminated;
            _retransmit.Dispose();
            _timeout.Dispose();
        }

        _layer.Remove(this);
        _acknowledged.TrySetResult(!wasWaitingForAck);
    }
}
