using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using CallCluster.Sip.Auth;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;
using CallCluster.Sip.Transactions;
using CallCluster.Sip.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCluster.Sip.Dialogs;

/// <summary>
/// The UA core (RFC 3261 §8, §12–15) for the Edge: turns new INVITEs into <see cref="IncomingCall"/>s (after the
/// call cap and session-timer checks), routes in-dialog requests to their <see cref="SipCall"/>, answers OPTIONS,
/// and places outbound calls.
/// </summary>
public sealed class SipUserAgent : ISipTransactionUser
{
    public const string AllowedMethods = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, REFER, NOTIFY";

    private readonly ISipCallHandler _handler;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SipCall> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _abandoned = new();
    private int _pendingOrActive;

    public SipUserAgent(SipUserAgentOptions options, ISipCallHandler handler, TimeProvider time, SipTimerOptions? timers = null, ILogger<SipUserAgent>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        Options = options;
        _handler = handler;
        Time = time;
        _logger = logger ?? NullLogger<SipUserAgent>.Instance;
        Transactions = new SipTransactionLayer(this, time, timers);
    }

    public SipUserAgentOptions Options { get; }

    public TimeProvider Time { get; }

    public SipTransactionLayer Transactions { get; }

    /// <summary>Calls established or being set up; what the cap counts.</summary>
    public int ActiveCalls => Volatile.Read(ref _pendingOrActive);

    public void AddTransport(ISipTransport transport) => Transactions.Attach(transport);

    /// <summary>Our Contact on <paramref name="transport"/>: the advertised host and port when set, else the socket's.</summary>
    public NameAddress LocalContact(ISipTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var via = LocalVia(transport, "x");
        var uri = SipUri.Create("sip", Options.ContactUser, via.Host, via.Port);
        if (transport.Protocol != "UDP")
        {
            uri.Parameters.Set("transport", transport.Protocol.ToLowerInvariant());
        }

        return new NameAddress(uri);
    }

    /// <summary>The Via we put on requests over <paramref name="transport"/>: sent-by is the advertised host and port when set.</summary>
    public ViaHeader LocalVia(ISipTransport transport, string branch)
    {
        var via = SipTransactionLayer.LocalVia(transport, branch);
        if (Options.AdvertisedHost is null && Options.AdvertisedPort is null)
        {
            return via;
        }

        var advertised = new ViaHeader(via.Transport, Options.AdvertisedHost ?? via.Host, Options.AdvertisedPort ?? via.Port, branch);
        advertised.Parameters.Set("rport", null);
        return advertised;
    }

    /// <summary>
    /// Places a call: INVITE with <paramref name="offer"/>, ACK on 2xx, and the established call; a final failure throws
    /// <see cref="SipCallFailedException"/>. <paramref name="onProvisional"/> sees 18x responses.
    /// </summary>
    /// <remarks>
    /// Cancelling <paramref name="cancellationToken"/> before the final response abandons the call: this throws
    /// <see cref="OperationCanceledException"/> at once, and the INVITE is wound down in the background (CANCEL once a
    /// provisional response has arrived, RFC 3261 §9.1; a 2xx that crosses it is ACKed and hung up). Until that is done
    /// the call still counts in <see cref="ActiveCalls"/>; <see cref="WhenAbandonedCallsSettled"/> waits for it. Once
    /// the final 2xx is in, the call is the caller's and the token no longer matters.
    /// </remarks>
    public async Task<SipCall> CallAsync(SipUri target, NameAddress from, SessionDescription offer, IPEndPoint destination, ISipTransport transport,
        Action<SipResponse>? onProvisional = null, DigestClient? credentials = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(offer);
        cancellationToken.ThrowIfCancellationRequested();
        var invite = new SipRequest(SipMethods.Invite, target);
        invite.Headers.Add(SipHeaderNames.MaxForwards, "70");
        var local = NameAddress.Parse(from.ToString());
        local.Tag = SipTransactionLayer.NewTag();
        invite.Headers.Add(SipHeaderNames.From, local.ToString());
        invite.Headers.Add(SipHeaderNames.To, new NameAddress(target).ToString());
        invite.Headers.Add(SipHeaderNames.CallId, SipTransactionLayer.NewTag() + SipTransactionLayer.NewTag() + "@callcluster");
        invite.Headers.Add(SipHeaderNames.CSeq, new CSeqHeader(1, SipMethods.Invite).ToString());
        invite.Headers.Add(SipHeaderNames.Contact, LocalContact(transport).ToString());
        invite.Headers.Add(SipHeaderNames.Allow, AllowedMethods);
        invite.Headers.Add(SipHeaderNames.Supported, "timer");
        invite.Headers.Add(SipHeaderNames.SessionExpires, Options.SessionTimers.SessionExpiresSeconds.ToString(CultureInfo.InvariantCulture));
        invite.Headers.Add(SipHeaderNames.MinSE, Options.SessionTimers.MinSESeconds.ToString(CultureInfo.InvariantCulture));
        invite.Headers.Add(SipHeaderNames.UserAgent, Options.ProductName);
        invite.Headers.Add(SipHeaderNames.ContentType, "application/sdp");
        invite.Body = offer.ToArray();

        Interlocked.Increment(ref _pendingOrActive);
        SipResponse? final;
        try
        {
            final = await new OutboundInvite(this, invite, offer, destination, transport, onProvisional).FinalResponseAsync(cancellationToken);
            if (final is { StatusCode: 401 or 407 } && credentials is not null)
            {
                // One retry with credentials: same Call-ID and From tag, next CSeq, new branch (RFC 3261 §22.2).
                var proxy = final.StatusCode == 407;
                var challenges = final.Headers.GetAll(proxy ? SipHeaderNames.ProxyAuthenticate : SipHeaderNames.WwwAuthenticate)
                    .Select(v => AuthHeaderValue.Parse(v));
                if (credentials.Respond(challenges, SipMethods.Invite, target.ToString()) is { } authorization)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    invite = SipMessageParser.ParseRequest(invite.ToArray());
                    invite.Headers.Remove(SipHeaderNames.Via);
                    invite.Headers.Set(SipHeaderNames.CSeq, new CSeqHeader(invite.CSeq.Number + 1, SipMethods.Invite).ToString());
                    invite.Headers.Set(proxy ? SipHeaderNames.ProxyAuthorization : SipHeaderNames.Authorization, authorization.ToString());
                    final = await new OutboundInvite(this, invite, offer, destination, transport, onProvisional).FinalResponseAsync(cancellationToken);
                }
            }
        }
        catch
        {
            ReleaseCallSlot();
            throw;
        }

        if (final is null)
        {
            // Abandoned: the OutboundInvite winds the INVITE down and gives the slot back.
            throw new OperationCanceledException("The call was abandoned before it was answered.", cancellationToken);
        }

        if (!final.IsSuccess)
        {
            ReleaseCallSlot();
            throw new SipCallFailedException(final.StatusCode, final.ReasonPhrase);
        }

        return await EstablishAsync(invite, final, offer, destination, transport, parseAnswer: true);
    }

    /// <summary>
    /// Completes when every call abandoned before its final response has been wound down (its INVITE answered or timed
    /// out, a 2xx that crossed the CANCEL hung up). Hosts await it before closing the transports those calls use.
    /// </summary>
    public Task WhenAbandonedCallsSettled() => Task.WhenAll(_abandoned.Keys);

    internal void TrackAbandoned(Task windDown)
    {
        _abandoned.TryAdd(windDown, 0);
        _ = windDown.ContinueWith(t => _abandoned.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    internal void ReleaseCallSlot() => Interlocked.Decrement(ref _pendingOrActive);

    /// <summary>
    /// A 2xx to an INVITE we had given up on (it crossed our CANCEL, or came with no provisional before it): the far end
    /// now has a call, so ACK it and end it with BYE at once (RFC 3261 §15). The BYE ends the call, which gives its slot back.
    /// </summary>
    internal async Task HangUpLateAnswerAsync(SipRequest invite, SipResponse ok, SessionDescription offer, IPEndPoint destination, ISipTransport transport)
    {
        SipCall call;
        try
        {
            call = await EstablishAsync(invite, ok, offer, destination, transport, parseAnswer: false);
        }
        catch (Exception e) when (e is SipParseException or SipTransportException)
        {
            _logger.LogWarning("Call {CallId} was answered after it was abandoned and could not be hung up: {Reason}", invite.CallId, e.Message);
            return;
        }

        _logger.LogInformation("Call {CallId} was answered after it was abandoned; hanging up.", invite.CallId);
        await call.ByeAsync();
    }

    /// <summary>ACKs the 2xx and registers the call, which from then on owns the call slot; gives the slot back if that fails.</summary>
    private async Task<SipCall> EstablishAsync(SipRequest invite, SipResponse ok, SessionDescription offer, IPEndPoint destination, ISipTransport transport,
        bool parseAnswer)
    {
        try
        {
            var dialog = SipDialog.ForCaller(invite, ok, LocalContact(transport), destination, transport);
            await SendStatelessAsync(dialog.CreateAck(invite.CSeq.Number), destination, transport);
            var call = new SipCall(this, dialog, SessionTimerNegotiation.ForCaller(ok), offer)
            {
                RemoteDescription = !parseAnswer || ok.Body.IsEmpty ? null : SessionDescription.Parse(ok.Body.Span),
            };
            _calls[Key(dialog.CallId, dialog.LocalTag, dialog.RemoteTag)] = call;
            return call;
        }
        catch
        {
            ReleaseCallSlot();
            throw;
        }
    }

    /// <summary>Sends a request we originate in a new client transaction, with our (advertised) Via.</summary>
    internal ClientTransaction SendRequest(SipRequest request, IPEndPoint destination, ISipTransport transport, Action<SipResponse>? onResponse = null)
    {
        AddVia(request, transport);
        return Transactions.SendRequest(request, destination, transport, onResponse);
    }

    /// <summary>Sends an ACK for a 2xx (its own transaction, RFC 3261 §13.2.2.4) with our (advertised) Via.</summary>
    internal ValueTask SendStatelessAsync(SipRequest request, IPEndPoint destination, ISipTransport transport)
    {
        AddVia(request, transport);
        return Transactions.SendStatelessAsync(request, destination, transport);
    }

    private void AddVia(SipRequest request, ISipTransport transport)
    {
        if (!request.Headers.Contains(SipHeaderNames.Via))
        {
            request.Headers.AddFirst(SipHeaderNames.Via, LocalVia(transport, SipTransactionLayer.NewBranch()).ToString());
        }
    }

    void ISipTransactionUser.OnRequest(ServerTransaction transaction)
    {
        _ = HandleRequestAsync(transaction);
    }

    void ISipTransactionUser.OnAck(SipInbound ack)
    {
        var request = (SipRequest)ack.Message;
        if (_calls.TryGetValue(Key(request.CallId, request.To.Tag, request.From.Tag), out var call))
        {
            call.OnAck(request);
        }
    }

    void ISipTransactionUser.OnStrayResponse(SipInbound response)
    {
        // A retransmitted 2xx to our INVITE after its transaction ended: the ACK was lost, send it again.
        var message = (SipResponse)response.Message;
        if (message.IsSuccess && message.CSeq.Method == SipMethods.Invite
            && _calls.TryGetValue(Key(message.CallId, message.From.Tag, message.To.Tag), out var call))
        {
            _ = SendStatelessAsync(call.Dialog.CreateAck(message.CSeq.Number), response.Remote, response.Transport).AsTask();
        }
    }

    internal void Register(SipCall call) => _calls[Key(call.Dialog.CallId, call.Dialog.LocalTag, call.Dialog.RemoteTag)] = call;

    internal void Unregister(SipCall call)
    {
        if (_calls.TryRemove(new(Key(call.Dialog.CallId, call.Dialog.LocalTag, call.Dialog.RemoteTag), call)))
        {
            ReleaseCallSlot();
        }
    }

    private static string Key(string callId, string? localTag, string? remoteTag) => $"{callId}|{localTag}|{remoteTag}";

    private async Task HandleRequestAsync(ServerTransaction transaction)
    {
        var request = transaction.Request;
        try
        {
            if (request.To.Tag is { } toTag)
            {
                if (_calls.TryGetValue(Key(request.CallId, toTag, request.From.Tag), out var call))
                {
                    await call.OnRequestAsync(transaction);
                }
                else
                {
                    await transaction.SendResponseAsync(SipResponse.CreateFor(request, 481));
                }

                return;
            }

            switch (request.Method)
            {
                case SipMethods.Invite:
                    await OnNewInviteAsync(transaction);
                    break;
                case SipMethods.Options:
                    var ok = SipResponse.CreateFor(request, 200, toTag: SipTransactionLayer.NewTag());
                    ok.Headers.Add(SipHeaderNames.Allow, AllowedMethods);
                    ok.Headers.Add(SipHeaderNames.Accept, "application/sdp");
                    ok.Headers.Add(SipHeaderNames.Supported, "timer");
                    ok.Headers.Add(SipHeaderNames.Server, Options.ProductName);
                    await transaction.SendResponseAsync(ok);
                    break;
                case SipMethods.Bye or SipMethods.Info or SipMethods.Update or SipMethods.Refer or SipMethods.Notify:
                    await transaction.SendResponseAsync(SipResponse.CreateFor(request, 481, toTag: SipTransactionLayer.NewTag()));
                    break;
                default:
                    var notAllowed = SipResponse.CreateFor(request, 405, toTag: SipTransactionLayer.NewTag());
                    notAllowed.Headers.Add(SipHeaderNames.Allow, AllowedMethods);
                    await transaction.SendResponseAsync(notAllowed);
                    break;
            }
        }
        catch (SipParseException e)
        {
            await transaction.SendResponseAsync(SipResponse.CreateFor(request, 400, e.ReasonPhrase, SipTransactionLayer.NewTag()));
        }
    }

    private async Task OnNewInviteAsync(ServerTransaction transaction)
    {
        var request = transaction.Request;
        if (Interlocked.Increment(ref _pendingOrActive) > Options.MaxConcurrentCalls)
        {
            Interlocked.Decrement(ref _pendingOrActive);
            var busy = SipResponse.CreateFor(request, 503, toTag: SipTransactionLayer.NewTag());
            busy.Headers.Add(SipHeaderNames.RetryAfter, Options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
            await transaction.SendResponseAsync(busy);
            return;
        }

        var sessionTimer = SessionTimerNegotiation.ForCallee(request, Options.SessionTimers, out var minSE);
        if (minSE is { } min)
        {
            Interlocked.Decrement(ref _pendingOrActive);
            var tooSmall = SipResponse.CreateFor(request, 422, toTag: SipTransactionLayer.NewTag());
            SessionTimerNegotiation.AddMinSE(tooSmall, min);
            await transaction.SendResponseAsync(tooSmall);
            return;
        }

        // Until AcceptAsync hands the slot to a call, a rejection, CANCEL or lost ACK must give it back.
        IncomingCall incoming;
        try
        {
            incoming = new IncomingCall(this, transaction, sessionTimer);
        }
        catch (SipParseException)
        {
            Interlocked.Decrement(ref _pendingOrActive); // a malformed SDP offer: HandleRequestAsync answers 400
            throw;
        }

        _ = transaction.Acknowledged.ContinueWith(
            _ =>
            {
                if (incoming.TrySettleSlot())
                {
                    Interlocked.Decrement(ref _pendingOrActive);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        try
        {
            _handler.OnIncomingCall(incoming);
        }
        catch (SipParseException e)
        {
            await transaction.SendResponseAsync(SipResponse.CreateFor(request, 400, e.ReasonPhrase, SipTransactionLayer.NewTag()));
        }
#pragma warning disable CA1031 // the application's failure becomes a 500 to the caller instead of a hung INVITE
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogError(e, "Call handler failed");
            await transaction.SendResponseAsync(SipResponse.CreateFor(request, 500, toTag: SipTransactionLayer.NewTag()));
        }
    }
}
