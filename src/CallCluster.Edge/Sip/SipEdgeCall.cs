using CallCluster.Edge.Calls;
using CallCluster.Edge.Rtp;
using CallCluster.Sip.Dialogs;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;
using Microsoft.Extensions.Logging;

namespace CallCluster.Edge.Sip;

/// <summary>
/// One SIP call at the edge: its dialog, its RTP session and its <see cref="EdgeCall"/> on the media seam. It is the
/// line side of the seam (<see cref="ICallTransport"/>): the playout clock's frames go out as RTP, the caller's frames
/// and digits (RFC 4733 or INFO) go to the handler, a BYE from either side ends both, and a re-INVITE re-negotiates
/// the media in place (hold, unhold, codec change). A blind transfer waits for the transferee's final NOTIFY and then
/// leaves the call; a REFER from the peer goes to the edge's <see cref="ISipTransferee"/>, or is refused.
/// </summary>
public sealed class SipEdgeCall : ICallTransport, IRtpSessionListener
{
    private readonly IDictionary<string, string> _transferTargets;
    private readonly TimeSpan _transferTimeout;
    private readonly TimeSpan _referrerByeGrace;
    private readonly ISipTransferee? _transferee;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _lifetime = new();

    // Legs this call left for another (an inbound transfer): their sessions live until the call ends, so a playout tick
    // in progress during the move never touches a disposed one.
    private readonly List<RtpSession> _retired = [];
    private bool _torndown;
    private SipCall _sip;
    private RtpSession _rtp;
    private SdpNegotiator _negotiator;
    private EdgeCall? _media;
    private Task<ReferOutcome>? _transfer;
    private Task? _inboundTransferRun;
    private int _inboundTransfer;

    internal SipEdgeCall(
        SipCall sip,
        RtpSession rtp,
        SdpNegotiator negotiator,
        string trunk,
        SipEdgeOptions options,
        ISipTransferee? transferee,
        TimeProvider time,
        ILogger logger)
    {
        _transferTargets = options.TransferTargets;
        _transferTimeout = options.TransferTimeout;
        _referrerByeGrace = options.InboundTransfers.ReferrerByeGrace;
        _transferee = transferee;
        _time = time;
        _sip = sip;
        _rtp = rtp;
        _negotiator = negotiator;
        CallId = sip.Dialog.CallId;
        Trunk = trunk;
        _logger = logger;
        Wire(sip);
    }

    /// <summary>The SIP Call-ID of the call's first leg: the call's id on this edge for its whole life.</summary>
    public string CallId { get; }

    /// <summary>The trunk that admitted (or carries) the call.</summary>
    public string Trunk { get; }

    /// <summary>The SIP leg the call is on now (another one after an inbound transfer moved it).</summary>
    public SipCall Sip => Volatile.Read(ref _sip);

    /// <summary>The RTP session of the current leg.</summary>
    public RtpSession Rtp => Volatile.Read(ref _rtp);

    /// <summary>The call on the media seam, once its media started.</summary>
    public EdgeCall? Media => _media;

    /// <summary>The RTP counters at the end of the call, once it has ended (for load reports and evidence).</summary>
    public RtpSessionStatistics? FinalStatistics { get; private set; }

    /// <summary>Completes when the handler accepted the call and media flows; faults if the handler refused it.</summary>
    public Task Started => _started.Task;

    /// <summary>Sends digits to the far end as RFC 4733 telephone events (an IVR on an outbound call).</summary>
    public void SendDigits(string digits) => Rtp.SendDigits(digits);

    /// <summary>Hangs up with a BYE; the handler then sees the end.</summary>
    public async Task HangUpAsync()
    {
        await Sip.ByeAsync();
    }

    void Playout.IPlayoutSink.SendFrame(ReadOnlySpan<short> frame, bool comfortSilence) => Rtp.Prepare(frame, comfortSilence);

    void Playout.IPlayoutSink.SendPrepared() => Rtp.SendPrepared();

    bool Playout.IPlayoutSink.TrySendNow(ReadOnlySpan<short> frame) => Rtp.TrySendNow(frame);

    // RTP has nothing buffered past the edge: a frame handed to the socket is as played as it gets.
    void Playout.IPlayoutSink.OnMarkReached(string name) => _media?.ReportMarkPlayed(name);

    bool ICallTransport.TrySendDigits(string digits)
    {
        try
        {
            Rtp.SendDigits(digits);
            return true;
        }
        catch (NotSupportedException)
        {
            // No telephone-event in the negotiated media (checked under the session's lock, so a re-INVITE cannot race
            // a separate check): the EdgeCall plays the digits in-band.
            return false;
        }
    }

    void ICallTransport.OnPlayoutCleared()
    {
        // Nothing is buffered past the playout buffer the EdgeCall already cleared.
    }

    async ValueTask ICallTransport.HangUpAsync(CancellationToken cancellationToken) => await Sip.ByeAsync().WaitAsync(cancellationToken);

    async ValueTask ICallTransport.TransferAsync(TransferRequest request, CancellationToken cancellationToken)
    {
        if (!request.Blind)
        {
            throw new NotSupportedException("An attended transfer is a media bridge between two edge calls, not a request on one line.");
        }

        var target = TransferTargets.Resolve(request.Target, _transferTargets);
        _logger.LogInformation("Call {CallId}: blind transfer to {Target}.", CallId, TransferTargets.Redact(target));
        // Published before the REFER goes out: a transferee may take it, report success and hang up before this thread
        // runs again, and the line's end must then find the transfer (RunAsync), or the call ends as the caller's bye.
        var start = new Task<Task<ReferOutcome>>(() => Sip.TransferAsync(target, _transferTimeout));
        var transfer = start.Unwrap();
        Volatile.Write(ref _transfer, transfer);
        start.RunSynchronously(TaskScheduler.Default);
        var outcome = await transfer.WaitAsync(cancellationToken);
        if (!outcome.Succeeded)
        {
            _logger.LogWarning("Call {CallId}: the transfer to {Target} failed ({Status}): {Reason}; the caller stays with the agent.",
                CallId, TransferTargets.Redact(target), outcome.StatusCode, outcome.Reason);
            throw new TransferFailedException($"The transfer failed ({outcome.StatusCode}): {outcome.Reason}.", outcome.StatusCode);
        }

        // RFC 5589 §6.1: the transferee has the target on the line; the transferor's part is to leave.
        _logger.LogInformation("Call {CallId}: transferred to {Target} ({Status}); leaving the call.", CallId, TransferTargets.Redact(target), outcome.StatusCode);
        await Sip.ByeAsync();
    }

    void IRtpSessionListener.OnCallerFrame(ReadOnlySpan<short> frame) => _media?.PostCallerAudio(frame);

    void IRtpSessionListener.OnDigit(char digit) => _media?.PostDtmf(digit);

    void IRtpSessionListener.OnInactive()
    {
        _media?.End(new CallEnd(CallEndedBy.Edge, "rtp-timeout"));
        _ = Sip.ByeAsync();
    }

    /// <summary>Starts the media (RTP and the handler), then waits for the dialog to end and tears both down.</summary>
    internal async Task RunAsync(EdgeCallFactory factory, CallStartInfo info, CancellationToken stopping)
    {
        var media = factory.Create(info, this);
        _media = media;
        try
        {
            Rtp.Start(this);
            try
            {
                await media.StartAsync(stopping);
                _started.TrySetResult();
            }
#pragma warning disable CA1031 // A handler that refuses or fails to accept costs this call only: hang up and say why.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _logger.LogWarning(e, "Handler did not accept SIP call {CallId}; hanging up.", CallId);
                _started.TrySetException(e);
                media.End(new CallEnd(CallEndedBy.Edge, "handler-refused"));
                await Sip.ByeAsync();
            }

            var reason = await LineEndedAsync(media);

            // The end of the dialog settles a transfer still waiting, so this never waits on the peer. A transferee may
            // hang up itself after its final NOTIFY, before our BYE: the call was transferred all the same.
            var transferred = Volatile.Read(ref _transfer) is { } transfer && (await transfer).Succeeded;
            media.End(transferred ? CallEnd.Transferred : reason switch
            {
                "remote hangup" => new CallEnd(CallEndedBy.Caller, "bye"),
                "local hangup" => new CallEnd(CallEndedBy.Agent, "hangup"),
                _ => new CallEnd(CallEndedBy.Edge, reason.Replace(' ', '-')),
            });
        }
        finally
        {
            _started.TrySetCanceled(CancellationToken.None);
            await _lifetime.CancelAsync();

            // The EdgeCall's end unregisters from the playout clock and waits out a tick in progress, so no tick
            // touches the RTP session once it is disposed.
            await media.DisposeAsync();
            lock (_retired)
            {
                _torndown = true;
            }

            FinalStatistics = Rtp.Statistics;
            await Rtp.DisposeAsync();
            foreach (var retired in _retired)
            {
                await retired.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Moves the call onto a new, answered leg (an inbound transfer): the handler, its playout and the caller's side of
    /// the conversation stay; signalling and RTP switch to <paramref name="sip"/> and <paramref name="rtp"/>. The old
    /// leg stays up until hung up (see <see cref="FollowReferAsync"/>); its requests no longer reach the call.
    /// False when the call has ended meanwhile: the new leg is the caller's to hang up and dispose.
    /// </summary>
    internal bool TryMoveTo(SipCall sip, RtpSession rtp, SdpNegotiator negotiator)
    {
        ArgumentNullException.ThrowIfNull(sip);
        ArgumentNullException.ThrowIfNull(rtp);
        lock (_retired)
        {
            if (_torndown || _media is not { HasEnded: false })
            {
                return false;
            }

            MoveLocked(sip, rtp, negotiator);
            return true;
        }
    }

    private void MoveLocked(SipCall sip, RtpSession rtp, SdpNegotiator negotiator)
    {
        var old = Sip;
        old.OfferReceived = null;
        old.OfferRequested = null;
        old.AnswerReceived = null;
        old.DtmfReceived = null;
        old.ReferReceived = null;
        old.ReferAccepted = null;
        Volatile.Write(ref _negotiator, negotiator);
        Wire(sip);
        rtp.Start(this);
        var retired = Interlocked.Exchange(ref _rtp, rtp);
        _retired.Add(retired);
        Volatile.Write(ref _sip, sip);
    }

    /// <summary>
    /// Waits for the line to end: the current leg's dialog, unless an inbound transfer moved the call to another leg
    /// meanwhile (the referrer may hang up before the new leg answers: the call waits for the transfer's outcome).
    /// </summary>
    private async Task<string> LineEndedAsync(EdgeCall media)
    {
        while (true)
        {
            var leg = Sip;
            var reason = await leg.Ended;
            if (Volatile.Read(ref _inboundTransferRun) is { IsCompleted: false } transfer)
            {
                if (media.HasEnded)
                {
                    // The agent hung up: a target still being dialled has nobody left to take over.
                    await _lifetime.CancelAsync();
                }

                await transfer;
            }

            if (ReferenceEquals(leg, Sip))
            {
                return reason;
            }

            if (media.HasEnded)
            {
                // The agent hung up while the new leg was being set up: it goes too.
                await Sip.ByeAsync();
            }
        }
    }

    private void Wire(SipCall sip)
    {
        sip.OfferReceived = AnswerReOffer;
        sip.OfferRequested = () => Volatile.Read(ref _negotiator).CreateOffer(Rtp.LocalEndPoint.Port);
        sip.AnswerReceived = ApplyAnswer;
        sip.DtmfReceived = digit => _media?.PostDtmf(digit.Signal);
        sip.ReferReceived = AnswerRefer;
        sip.ReferAccepted = target => Volatile.Write(ref _inboundTransferRun, FollowReferAsync(sip, target));
    }

    /// <summary>The peer's REFER, asking this edge to call someone else: accepted only through the edge's transferee.</summary>
    private int AnswerRefer(SipUri target)
    {
        if (_transferee is null)
        {
            _logger.LogInformation("Call {CallId}: REFER to {Target} refused: this edge takes no transfers.", CallId, TransferTargets.Redact(target));
            return 403;
        }

        if (!_transferee.Accepts(this, target))
        {
            _logger.LogInformation("Call {CallId}: REFER to {Target} refused: not an allowed target.", CallId, TransferTargets.Redact(target));
            return 403;
        }

        // One transfer at a time: a second REFER while the first runs would race it for the same call (RFC 3261 §14.1's 491).
        return Interlocked.CompareExchange(ref _inboundTransfer, 1, 0) == 0 ? 202 : 491;
    }

    /// <summary>
    /// Carries out an accepted REFER and always ends its subscription with a final NOTIFY on the referrer's leg. When
    /// the transferee moved the call to a new leg, the referrer's leg goes: the referrer should hang up itself (RFC 5589
    /// §6.1), else the edge does after <see cref="SipInboundTransferOptions.ReferrerByeGrace"/>.
    /// </summary>
    private async Task FollowReferAsync(SipCall referrer, SipUri target)
    {
        var status = 500;
        try
        {
            status = await _transferee!.TransferAsync(this, target, _lifetime.Token);
            if (status is < 200 or > 699)
            {
                _logger.LogError("Call {CallId}: the transferee returned {Status}, which is no final SIP status; reporting 500.", CallId, status);
                status = 500;
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // The call ended: there is no dialog left to NOTIFY in, and no subscription outlives it.
            return;
        }
#pragma warning disable CA1031 // Whatever went wrong, the referrer gets a final status rather than a subscription left hanging.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogWarning(e, "Call {CallId}: following the REFER to {Target} failed; reporting 500.", CallId, TransferTargets.Redact(target));
        }
        finally
        {
            Volatile.Write(ref _inboundTransfer, 0);
        }

        _logger.LogInformation("Call {CallId}: REFER to {Target} ended with {Status}.", CallId, TransferTargets.Redact(target), status);
        if (!referrer.Ended.IsCompleted)
        {
            // A lost final NOTIFY is the referrer's to time out; nothing here can do better.
            await ((Task)referrer.NotifyReferProgressAsync(status)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (!ReferenceEquals(referrer, Sip) && !referrer.Ended.IsCompleted)
        {
            await ((Task)referrer.Ended.WaitAsync(_referrerByeGrace, _time)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await referrer.ByeAsync();
        }
    }

    private void ApplyAnswer(SessionDescription answer)
    {
        if (Volatile.Read(ref _negotiator).ProcessAnswer(answer) is { } media)
        {
            Rtp.Configure(media);
            _logger.LogInformation("Call {CallId} media now {Codec} {Direction}.", CallId, Rtp.Codec, media.Direction);
        }
        else
        {
            _logger.LogWarning("Call {CallId}: the answer to our re-INVITE offer has no codec we offered; the media stays as it was.", CallId);
        }
    }

    private SessionDescription? AnswerReOffer(SessionDescription offer)
    {
        var answer = Volatile.Read(ref _negotiator).Answer(offer, Rtp.LocalEndPoint.Port);
        if (!answer.IsAccepted)
        {
            _logger.LogInformation("re-INVITE on call {CallId} refused: {Reason}.", CallId, answer.RejectionReason);
            return null;
        }

        Rtp.Configure(answer.Media!);
        _logger.LogInformation("Call {CallId} media now {Codec} {Direction}.", CallId, Rtp.Codec, answer.Media!.Direction);
        return answer.Description;
    }
}
