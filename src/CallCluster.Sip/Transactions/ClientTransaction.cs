using System.Net;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Transport;

namespace CallCluster.Sip.Transactions;

/// <summary>
/// An INVITE or non-INVITE client transaction (RFC 3261 §17.1, RFC 6026). Retransmits over unreliable transports
/// (timer A doubling, timer E doubling up to T2), times out with a synthesized 408 (timers B, F), ACKs failure
/// responses itself, and absorbs retransmitted final responses.
/// </summary>
public sealed class ClientTransaction
{
    private readonly SipTransactionLayer _layer;
    private readonly Action<SipResponse>? _onResponse;
    private readonly TaskCompletionSource<SipResponse> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TransactionTimer _retransmit;
    private readonly TransactionTimer _timeout;
    private readonly TransactionTimer _linger;
    private readonly object _gate = new();
    private SipRequest? _ack;

    internal ClientTransaction(SipTransactionLayer layer, SipRequest request, IPEndPoint destination, ISipTransport transport, Action<SipResponse>? onResponse)
    {
        _layer = layer;
        _onResponse = onResponse;
        Request = request;
        Destination = destination;
        Transport = transport;
        Branch = request.TopVia.Branch!;
        IsInvite = request.IsInvite;
        State = IsInvite ? SipTransactionState.Calling : SipTransactionState.Trying;
        _retransmit = new TransactionTimer(layer.Time, OnRetransmitTimer);
        _timeout = new TransactionTimer(layer.Time, OnTimeoutTimer);
        _linger = new TransactionTimer(layer.Time, Terminate);
    }

    public SipRequest Request { get; }

    public IPEndPoint Destination { get; }

    public ISipTransport Transport { get; }

    public string Branch { get; }

    public bool IsInvite { get; }

    public SipTransactionState State { get; private set; }

    /// <summary>The first final response; a synthesized 408 on timeout or 503 when the transport failed.</summary>
    public Task<SipResponse> Completion => _final.Task;

    /// <summary>True once any provisional response arrived (CANCEL may only be sent after that, RFC 3261 §9.1).</summary>
    public bool HasProvisional { get; private set; }

    internal string Key => SipTransactionLayer.ClientKey(Branch, Request.Method);

    internal void Start()
    {
        lock (_gate)
        {
            if (!Transport.IsReliable)
            {
                _retransmit.Start(_layer.Timers.T1);
            }

            _timeout.Start(_layer.Timers.TransactionTimeout);
        }

        _layer.Send(Request, Destination, Transport, this);
    }

    internal void OnResponse(SipResponse response)
    {
        var passUp = false;
        SipRequest? resendAck = null;
        lock (_gate)
        {
            switch (State)
            {
                case SipTransactionState.Calling or SipTransactionState.Trying or SipTransactionState.Proceeding:
                    passUp = true;
                    if (response.IsProvisional)
                    {
                        HasProvisional = true;
                        if (State != SipTransactionState.Proceeding)
                        {
                            State = SipTransactionState.Proceeding;
                            // INVITE: timer A stops and timer B no longer applies once the server has answered.
                            // Non-INVITE: the pending timer E runs out, then re-arms at T2 (RFC 3261 §17.1.2.2).
                            if (IsInvite)
                            {
                                _retransmit.Stop();
                                _timeout.Stop();
                            }
                        }
                    }
                    else
                    {
                        OnFinal(response);
                    }

                    break;
                case SipTransactionState.Accepted when response.IsSuccess:
                    passUp = true; // retransmitted 2xx: the TU must ACK it again (RFC 6026 §7.2)
                    break;
                case SipTransactionState.Completed when IsInvite && !response.IsProvisional:
                    resendAck = _ack;
                    break;
            }
        }

        if (resendAck is not null)
        {
            _layer.Send(resendAck, Destination, Transport, null);
        }

        if (passUp)
        {
            _onResponse?.Invoke(response);
            if (!response.IsProvisional)
            {
                _final.TrySetResult(response);
            }
        }
    }

    /// <summary>
    /// A CANCEL for this INVITE went out: its final response (487 expected) must now come within 64·T1, or the INVITE
    /// counts as cancelled and ends with a synthesized 408 (RFC 3261 §9.1). Needed because timer B stopped when the
    /// provisional response arrived, so a peer that answers the CANCEL but never the INVITE would hold it forever.
    /// </summary>
    internal void OnCancelSent()
    {
        lock (_gate)
        {
            if (State == SipTransactionState.Proceeding)
            {
                _timeout.Start(_layer.Timers.TransactionTimeout);
            }
        }
    }

    internal void OnTransportError()
    {
        lock (_gate)
        {
            if (State is SipTransactionState.Terminated or SipTransactionState.Completed or SipTransactionState.Accepted)
            {
                return;
            }
        }

        FailWith(503, "Service Unavailable (transport error)");
    }

    private void OnFinal(SipResponse response)
    {
        _retransmit.Stop();
        _timeout.Stop();
        if (IsInvite && response.IsSuccess)
        {
            State = SipTransactionState.Accepted;
            _linger.Start(_layer.Timers.TransactionTimeout); // timer M
        }
        else if (IsInvite)
        {
            State = SipTransactionState.Completed;
            _ack = BuildAck(response);
            _layer.Send(_ack, Destination, Transport, null);
            StartLinger(_layer.Timers.TimerD); // timer D
        }
        else
        {
            State = SipTransactionState.Completed;
            StartLinger(_layer.Timers.T4); // timer K
        }
    }

    private void StartLinger(TimeSpan unreliableWait)
    {
        if (Transport.IsReliable)
        {
            Terminate();
        }
        else
        {
            _linger.Start(unreliableWait);
        }
    }

    private void OnRetransmitTimer()
    {
        lock (_gate)
        {
            if (State is not (SipTransactionState.Calling or SipTransactionState.Trying or SipTransactionState.Proceeding))
            {
                return;
            }

            // Timer A doubles without bound (B ends it); timer E doubles up to T2, and stays at T2 once proceeding.
            var next = IsInvite ? _retransmit.Interval * 2
                : State == SipTransactionState.Proceeding ? _layer.Timers.T2
                : TimeSpan.FromTicks(Math.Min((_retransmit.Interval * 2).Ticks, _layer.Timers.T2.Ticks));
            _retransmit.Start(next);
        }

        _layer.Send(Request, Destination, Transport, this);
    }

    private void OnTimeoutTimer() => FailWith(408, "Request Timeout");

    private void FailWith(int status, string reason)
    {
        lock (_gate)
        {
            if (State == SipTransactionState.Terminated)
            {
                return;
            }
        }

        var response = SipResponse.CreateFor(Request, status, reason);
        Terminate();
        _final.TrySetResult(response);
    }

    private void Terminate()
    {
        lock (_gate)
        {
            State = SipTransactionState.Terminated;
            _retransmit.Dispose();
            _timeout.Dispose();
            _linger.Dispose();
        }

        _layer.Remove(this);
    }

    private SipRequest BuildAck(SipResponse response)
    {
        // RFC 3261 §17.1.1.3: same Request-URI, Call-ID, From, CSeq number and top Via; To from the response.
        var ack = new SipRequest(SipMethods.Ack, Request.RequestUri);
        ack.Headers.Add(SipHeaderNames.Via, Request.Headers.Get(SipHeaderNames.Via)!);
        ack.Headers.Add(SipHeaderNames.MaxForwards, "70");
        foreach (var route in Request.Headers.GetAll(SipHeaderNames.Route))
        {
            ack.Headers.Add(SipHeaderNames.Route, route);
        }

        ack.Headers.Add(SipHeaderNames.From, Request.Headers.Get(SipHeaderNames.From)!);
        ack.Headers.Add(SipHeaderNames.To, response.Headers.Get(SipHeaderNames.To)!);
        ack.Headers.Add(SipHeaderNames.CallId, Request.CallId);
        ack.Headers.Add(SipHeaderNames.CSeq, new CSeqHeader(Request.CSeq.Number, SipMethods.Ack).ToString());
        return ack;
    }
}
