using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CallCluster.Edge.Calls;
using CallCluster.Edge.Rtp;
using CallCluster.Sip.Auth;
using CallCluster.Sip.Dialogs;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;
using CallCluster.Sip.Transactions;
using CallCluster.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace CallCluster.Edge.Sip;

/// <summary>
/// The edge's SIP front door: hosts the UA on UDP and TCP, admits INVITEs (per-source rate limit, trunk IP allow-list
/// or digest, the UA's concurrent-call cap with 503 + Retry-After), answers with SDP (Opus, G.722, L16 preferred;
/// PCMU, PCMA accepted; telephone-event), rings, answers, and on the ACK starts the call's RTP session and its
/// <see cref="EdgeCall"/> on the media seam. Either side's BYE ends both.
/// </summary>
public sealed class SipEdge : ISipCallHandler, IAsyncDisposable
{
    private readonly SipEdgeOptions _options;
    private readonly EdgeCallFactory _calls;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly IPAddress _address;
    private readonly string _mediaAddress;
    private readonly RtpPortAllocator _ports;
    private readonly TrunkAuthenticator _trunks;
    private readonly SourceRateLimiter _inviteRate;
    private readonly ConcurrentDictionary<string, SipEdgeCall> _active = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly CancellationTokenSource _stopping = new();
    private UdpSipTransport? _udp;
    private TcpSipTransport? _tcp;
    private int _disposed;

    /// <exception cref="FormatException">The listen address or a trunk's allow-list entry is malformed.</exception>
    public SipEdge(SipEdgeOptions options, EdgeCallFactory calls, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options;
        _calls = calls;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<SipEdge>();
        _address = IPAddress.TryParse(options.ListenAddress, out var address)
            ? address
            : throw new FormatException($"SipEdgeOptions.ListenAddress '{options.ListenAddress}' is not an IP address.");
        if (_address.Equals(IPAddress.Any) || _address.Equals(IPAddress.IPv6Any))
        {
            _ = options.PublicAddress ?? throw new FormatException(
                $"SipEdgeOptions.ListenAddress '{options.ListenAddress}' is no address a peer can send to: set PublicAddress (the node's or pod's IP).");
        }

        _mediaAddress = options.PublicRtpAddress ?? options.PublicAddress ?? _address.ToString();
        _ports = new RtpPortAllocator(options.Rtp);
        _trunks = new TrunkAuthenticator(options.Trunks, options.Digest, time);
        _inviteRate = new SourceRateLimiter(options.InvitesPerSecondPerSource, options.InviteBurstPerSource, time);
        var userAgent = options.UserAgent with
        {
            AdvertisedHost = options.UserAgent.AdvertisedHost ?? options.PublicAddress,
            AdvertisedPort = options.UserAgent.AdvertisedPort ?? options.PublicSipPort,
        };
        UserAgent = new SipUserAgent(userAgent, this, time, logger: loggers.CreateLogger<SipUserAgent>());
        Transferee = options.InboundTransfers.Trunk is null
            ? null
            : new TrunkTransferee(this, options.InboundTransfers, time, loggers.CreateLogger<TrunkTransferee>());
    }

    public SipUserAgent UserAgent { get; }

    /// <summary>The UDP SIP endpoint, once started.</summary>
    public IPEndPoint EndPoint => _udp?.LocalEndPoint ?? throw new InvalidOperationException("The SIP edge is not started.");

    /// <summary>The TCP SIP endpoint, once started with TCP enabled.</summary>
    public IPEndPoint? TcpEndPoint => _tcp?.LocalEndPoint;

    /// <summary>Calls whose media is set up (answered and acknowledged, not yet torn down).</summary>
    public IReadOnlyCollection<SipEdgeCall> Calls => [.. _active.Values];

    /// <summary>Raised when an answered call's ACK arrived and its media is starting; for hosts and tests.</summary>
    public Action<SipEdgeCall>? CallAnswered { get; set; }

    /// <summary>
    /// What the edge does when a peer asks it to transfer one of its calls (an inbound REFER). Default: with
    /// <see cref="SipEdgeOptions.InboundTransfers"/> naming a trunk, the edge dials allowed targets through it and moves
    /// the call there; without, none, and every REFER is refused with 403. Set before <see cref="StartAsync"/>.
    /// </summary>
    public ISipTransferee? Transferee { get; set; }

    /// <summary>Raised when a call's media has been torn down, with <see cref="SipEdgeCall.FinalStatistics"/> set.</summary>
    public Action<SipEdgeCall>? CallEnded { get; set; }

    /// <summary>Binds UDP (and TCP on the same port) and starts serving.</summary>
    public Task StartAsync()
    {
        if (_udp is not null)
        {
            throw new InvalidOperationException("The SIP edge is already started.");
        }

        (_udp, _tcp) = BindTransports();
        UserAgent.AddTransport(_udp);
        if (_tcp is not null)
        {
            UserAgent.AddTransport(_tcp);
        }

        if (_options.Trunks.Count == 0)
        {
            _logger.LogWarning("SIP edge on {EndPoint} admits every caller: no trunks are configured.", _udp.LocalEndPoint);
        }

        _logger.LogInformation("SIP edge listening on {EndPoint} (UDP{Tcp}).", _udp.LocalEndPoint, _tcp is null ? string.Empty : "+TCP");
        return Task.CompletedTask;
    }

    /// <summary>
    /// Places a call to <paramref name="target"/> through <paramref name="trunkName"/> (UAC; digest answered with the trunk's
    /// credentials), sets up its RTP from the SDP answer and offers it to the handler like an inbound call. Returns once
    /// media flows; the call then runs until either side hangs up.
    /// </summary>
    /// <exception cref="SipCallFailedException">The far end refused or did not answer.</exception>
    /// <exception cref="OperationCanceledException">
    /// Cancelled before media flows: before the answer the INVITE is CANCELled (an answer that crosses the CANCEL is hung
    /// up), after it the call is hung up.
    /// </exception>
    /// <exception cref="InvalidOperationException">Unknown trunk, a trunk without an outbound host, or an unusable SDP answer.</exception>
    /// <exception cref="SocketException">The trunk's outbound host name does not resolve.</exception>
    public async Task<SipEdgeCall> PlaceCallAsync(SipUri target, string trunkName, CancellationToken cancellationToken)
    {
        var leg = await DialAsync(target, trunkName, cancellationToken);
        var call = new SipEdgeCall(leg.Sip, leg.Rtp, leg.Negotiator, leg.Trunk, _options, Transferee, _time, _loggers.CreateLogger<SipEdgeCall>());
        _active[call.CallId] = call;
        var info = new CallStartInfo(call.CallId, leg.From.User ?? string.Empty, target.User ?? string.Empty, call.Rtp.Codec ?? leg.Media.Codec.Encoding,
            leg.Media.TelephoneEventPayloadType is null ? DtmfCapability.SipInfo : DtmfCapability.Rfc4733,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["trunk"] = leg.Trunk, ["direction"] = "outbound" });
        var run = RunPlacedAsync(call, info);
        _running.TryAdd(run, 0);
        _ = run.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await call.Started.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Given up after the answer, while the handler was still accepting: nobody would own the call, so end it.
            await call.HangUpAsync();
            throw;
        }

        return call;
    }

    /// <summary>One answered outbound leg with its media set up, not yet any call's.</summary>
    internal sealed record DialledLeg(SipCall Sip, RtpSession Rtp, SdpNegotiator Negotiator, NegotiatedMedia Media, SipUri From, string Trunk);

    /// <summary>
    /// The UAC half of <see cref="PlaceCallAsync"/>: calls <paramref name="target"/> through the trunk and configures RTP
    /// from the answer. The leg (its RTP session and dialog) is the caller's to use or to hang up and dispose.
    /// </summary>
    internal async Task<DialledLeg> DialAsync(SipUri target, string trunkName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var udp = _udp ?? throw new InvalidOperationException("The SIP edge is not started.");
        var trunk = _options.Trunks.FirstOrDefault(t => t.Name == trunkName)
            ?? throw new InvalidOperationException($"No trunk named '{trunkName}'.");
        var host = await OutboundAddressAsync(trunk, cancellationToken);
        ISipTransport transport = trunk.OutboundTransport == SipTrunkTransport.Tcp
            ? _tcp ?? throw new InvalidOperationException($"Trunk '{trunkName}' places calls over TCP, but TCP is disabled on this edge.")
            : udp;

        var rtp = RtpSession.Open(_options.Rtp, _ports, _address, _time, _loggers.CreateLogger<RtpSession>());
        try
        {
            var negotiator = new SdpNegotiator(_options.Sdp, _mediaAddress);
            var offer = negotiator.CreateOffer(rtp.LocalEndPoint.Port);
            var from = new NameAddress(SipUri.Create("sip", trunk.UserName ?? _options.UserAgent.ContactUser, UserAgent.Options.AdvertisedHost ?? _address.ToString()));
            var credentials = trunk.UserName is { } user && trunk.Password is { } password ? new DigestClient(user, password) : null;
            // Cancelled before the answer, the UA CANCELs the INVITE (or hangs up an answer that crosses it) and this throws.
            var sip = await UserAgent.CallAsync(target, from, offer, new IPEndPoint(host, trunk.OutboundPort), transport, credentials: credentials,
                cancellationToken: cancellationToken);
            if (sip.RemoteDescription is not { } answer || negotiator.ProcessAnswer(answer) is not { } media)
            {
                await sip.ByeAsync();
                throw new InvalidOperationException($"Call {sip.Dialog.CallId} was answered without a usable SDP answer.");
            }

            rtp.Configure(media);
            var leg = new DialledLeg(sip, rtp, negotiator, media, from.Uri, trunk.Name);
            rtp = null;
            return leg;
        }
        finally
        {
            if (rtp is not null)
            {
                await rtp.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Joins the media of two calls on this edge (see <see cref="CallBridge"/>): each one's caller hears the other's.
    /// Dispose the bridge to give both back to their handlers.
    /// </summary>
    /// <exception cref="InvalidOperationException">A call is not on this edge, has no media yet, has ended or is already bridged.</exception>
    public CallBridge Bridge(string firstCallId, string secondCallId)
    {
        EdgeCall MediaOf(string callId) =>
            _active.TryGetValue(callId, out var call) && call.Media is { } media
                ? media
                : throw new InvalidOperationException($"No call {callId} with media on this edge.");
        return CallBridge.Connect(MediaOf(firstCallId), MediaOf(secondCallId));
    }

    /// <summary>The trunk's outbound host as an address: as written, or its DNS name's first IPv4 address (IPv6 if none).</summary>
    private static async Task<IPAddress> OutboundAddressAsync(SipTrunkOptions trunk, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(trunk.OutboundHost))
        {
            throw new InvalidOperationException($"Trunk '{trunk.Name}' has no outbound host.");
        }

        if (IPAddress.TryParse(trunk.OutboundHost, out var address))
        {
            return address;
        }

        var addresses = await Dns.GetHostAddressesAsync(trunk.OutboundHost, cancellationToken);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"Trunk '{trunk.Name}': outbound host '{trunk.OutboundHost}' has no address.");
    }

    /// <summary>Hangs up every call, waits for their media to end, and closes the transports. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        foreach (var call in _active.Values)
        {
            await call.HangUpAsync().WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await Task.WhenAll(_running.Keys).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // Abandoned dials still need the transports for their CANCEL, the ACK of a 487 or the BYE of a late answer.
        await UserAgent.WhenAbandonedCallsSettled().WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_udp is not null)
        {
            await _udp.DisposeAsync();
        }

        if (_tcp is not null)
        {
            await _tcp.DisposeAsync();
        }

        _stopping.Dispose();
    }

    void ISipCallHandler.OnIncomingCall(IncomingCall call)
    {
        var task = HandleIncomingAsync(call);
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunPlacedAsync(SipEdgeCall call, CallStartInfo info)
    {
        try
        {
            await call.RunAsync(_calls, info, _stopping.Token);
        }
#pragma warning disable CA1031 // One call's failure is logged; the edge keeps serving the others.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogError(e, "Outbound SIP call {CallId} failed.", call.CallId);
        }
        finally
        {
            _active.TryRemove(call.CallId, out _);
            CallEnded?.Invoke(call);
        }
    }

    private (UdpSipTransport Udp, TcpSipTransport? Tcp) BindTransports()
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = new UdpSipTransport(new IPEndPoint(_address, _options.Port), _loggers.CreateLogger<UdpSipTransport>());
            if (!_options.EnableTcp)
            {
                return (udp, null);
            }

            try
            {
                return (udp, new TcpSipTransport(new IPEndPoint(_address, udp.LocalEndPoint.Port), _loggers.CreateLogger<TcpSipTransport>()));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && _options.Port == 0 && attempt < 10)
            {
                // A free UDP port picked by the OS may be taken on TCP: try another.
                udp.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }

    private async Task HandleIncomingAsync(IncomingCall call)
    {
        var request = call.Invite;
        var callId = request.CallId;
        RtpSession? rtp = null;
        var answered = false;
        try
        {
            if (!_inviteRate.TryAcquire(call.Transaction.Remote.Address))
            {
                EdgeSipMetrics.InvitesRejected.Add(1, new KeyValuePair<string, object?>("reason", "rate"));
                var busy = SipResponse.CreateFor(request, 503, "Rate limit exceeded", SipTransactionLayer.NewTag());
                busy.Headers.Add(SipHeaderNames.RetryAfter, _options.UserAgent.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
                await call.Transaction.SendResponseAsync(busy);
                return;
            }

            var admission = _trunks.Admit(request, call.Transaction.Remote.Address);
            if (admission.Outcome != TrunkAdmissionOutcome.Admitted)
            {
                await RefuseAsync(call, admission);
                return;
            }

            rtp = RtpSession.Open(_options.Rtp, _ports, _address, _time, _loggers.CreateLogger<RtpSession>());
            var negotiator = new SdpNegotiator(_options.Sdp, _mediaAddress);
            SessionDescription local;
            NegotiatedMedia? media = null;
            if (call.Offer is { } offer)
            {
                var answer = negotiator.Answer(offer, rtp.LocalEndPoint.Port);
                if (!answer.IsAccepted)
                {
                    EdgeSipMetrics.InvitesRejected.Add(1, new KeyValuePair<string, object?>("reason", "sdp"));
                    await call.RejectAsync(SdpAnswer.RejectionStatusCode, answer.RejectionReason);
                    return;
                }

                local = answer.Description!;
                media = answer.Media!;
                rtp.Configure(media);
            }
            else
            {
                // Delayed offer (RFC 3261 §13.2.1): our offer goes in the 200 and the caller answers in the ACK.
                local = negotiator.CreateOffer(rtp.LocalEndPoint.Port);
            }

            await call.RingAsync();
            if (_options.AnswerDelay > TimeSpan.Zero)
            {
                using var ringing = CancellationTokenSource.CreateLinkedTokenSource(call.Cancelled, _stopping.Token);
                await Task.Delay(_options.AnswerDelay, _time, ringing.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            if (call.Cancelled.IsCancellationRequested)
            {
                // The transaction layer has answered the CANCEL and the INVITE (487).
                _logger.LogInformation("SIP call {CallId} cancelled before answer.", callId);
                return;
            }

            if (_stopping.IsCancellationRequested)
            {
                await call.RejectAsync(503, "Edge shutting down");
                return;
            }

            SipEdgeCall? prepared = null;
            var line = rtp;
            var sip = await call.AcceptAsync(
                local, accepted => prepared = new SipEdgeCall(accepted, line, negotiator, admission.Trunk!, _options, Transferee, _time, _loggers.CreateLogger<SipEdgeCall>()));
            var edgeCall = prepared!;
            answered = true;
            if (!await call.Transaction.Acknowledged)
            {
                // The UA sends the BYE for a 2xx never acknowledged.
                _logger.LogWarning("SIP call {CallId} was answered but never acknowledged.", callId);
                return;
            }

            if (media is null)
            {
                media = await AnswerInAckAsync(sip, negotiator);
                if (media is null)
                {
                    await sip.ByeAsync();
                    return;
                }

                rtp.Configure(media);
            }

            _active[callId] = edgeCall;
            rtp = null;
            EdgeSipMetrics.CallsAnswered.Add(1);
            CallAnswered?.Invoke(edgeCall);
            try
            {
                await edgeCall.RunAsync(_calls, StartInfo(request, edgeCall, media), _stopping.Token);
            }
            finally
            {
                _active.TryRemove(callId, out _);
                CallEnded?.Invoke(edgeCall);
            }
        }
#pragma warning disable CA1031 // One call's failure is answered and logged; the edge keeps serving the others.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogError(e, "SIP call {CallId} failed.", callId);
            if (!answered && call.Transaction.State == SipTransactionState.Proceeding)
            {
                await call.RejectAsync(500).AsTask().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            if (rtp is not null)
            {
                await rtp.DisposeAsync();
            }
        }
    }

    /// <summary>The media a delayed-offer call set up with the answer in its ACK; null (logged) when that answer is missing or unusable.</summary>
    private async Task<NegotiatedMedia?> AnswerInAckAsync(SipCall sip, SdpNegotiator negotiator)
    {
        // The transaction saw the ACK just before the UA handed it to the call: this wait is a formality.
        var ack = await sip.Acknowledgement.WaitAsync(TimeSpan.FromSeconds(5), _time);
        try
        {
            if (!ack.Body.IsEmpty && negotiator.ProcessAnswer(SessionDescription.Parse(ack.Body.Span)) is { } media)
            {
                return media;
            }
        }
        catch (SipParseException e)
        {
            _logger.LogWarning("SIP call {CallId}: the SDP answer in the ACK is malformed ({Reason}); hanging up.", sip.Dialog.CallId, e.ReasonPhrase);
            return null;
        }

        // An ACK cannot be refused (RFC 3261 §13.2.1): without a usable answer the only way out is a BYE.
        EdgeSipMetrics.InvitesRejected.Add(1, new KeyValuePair<string, object?>("reason", "no-answer-in-ack"));
        _logger.LogWarning("SIP call {CallId}: the ACK carried no usable SDP answer to our offer; hanging up.", sip.Dialog.CallId);
        return null;
    }

    private async Task RefuseAsync(IncomingCall call, TrunkAdmission admission)
    {
        if (admission.Outcome == TrunkAdmissionOutcome.Challenge)
        {
            EdgeSipMetrics.InvitesRejected.Add(1, new KeyValuePair<string, object?>("reason", "challenge"));
            var challenge = SipResponse.CreateFor(call.Invite, 401, toTag: SipTransactionLayer.NewTag());
            foreach (var value in admission.Challenges)
            {
                challenge.Headers.Add(SipHeaderNames.WwwAuthenticate, value.ToString());
            }

            await call.Transaction.SendResponseAsync(challenge);
            return;
        }

        EdgeSipMetrics.InvitesRejected.Add(1, new KeyValuePair<string, object?>("reason", "forbidden"));
        _logger.LogWarning("INVITE {CallId} from {Source} refused: not from a trunk.", call.Invite.CallId, call.Transaction.Remote.Address);
        await call.RejectAsync(403);
    }

    private static CallStartInfo StartInfo(SipRequest invite, SipEdgeCall call, NegotiatedMedia media) => new(
        call.CallId,
        invite.From.Uri.User ?? string.Empty,
        invite.To.Uri.User ?? invite.RequestUri.User ?? string.Empty,
        call.Rtp.Codec ?? media.Codec.Encoding,
        media.TelephoneEventPayloadType is null ? DtmfCapability.SipInfo : DtmfCapability.Rfc4733,
        new Dictionary<string, string>(StringComparer.Ordinal) { ["trunk"] = call.Trunk });
}
