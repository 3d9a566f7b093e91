using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCluster.Sip.Transactions;

/// <summary>
/// The transaction layer (RFC 3261 §17) over one or more transports: matches responses to client transactions and
/// requests to server transactions (§17.1.3, §17.2.3), answers INVITEs with 100 Trying, handles CANCEL, and hands
/// new requests, ACKs for 2xx and stray responses to the <see cref="ISipTransactionUser"/>.
/// </summary>
public sealed class SipTransactionLayer
{
    private readonly ISipTransactionUser _user;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ClientTransaction> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ServerTransaction> _servers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ServerTransaction> _accepted = new(StringComparer.Ordinal);

    public SipTransactionLayer(ISipTransactionUser user, TimeProvider time, SipTimerOptions? timers = null, ILogger<SipTransactionLayer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(time);
        _user = user;
        Time = time;
        Timers = timers ?? new SipTimerOptions();
        _logger = logger ?? NullLogger<SipTransactionLayer>.Instance;
    }

    public TimeProvider Time { get; }

    public SipTimerOptions Timers { get; }

    public int ClientTransactionCount => _clients.Count;

    public int ServerTransactionCount => _servers.Count;

    /// <summary>A new branch id with the RFC 3261 magic cookie.</summary>
    public static string NewBranch() => ViaHeader.MagicCookie + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    /// <summary>A new From/To tag (RFC 3261 §19.3: at least 32 bits of randomness).</summary>
    public static string NewTag() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>Starts receiving on <paramref name="transport"/>.</summary>
    public void Attach(ISipTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        transport.Start(OnInbound);
    }

    /// <summary>
    /// Sends a request in a new client transaction. A top Via is added with a fresh branch (and rport) when the
    /// request has none. <paramref name="onResponse"/> sees every response the TU should: provisionals, the final,
    /// and retransmitted 2xx to an INVITE.
    /// </summary>
    public ClientTransaction SendRequest(SipRequest request, IPEndPoint destination, ISipTransport transport, Action<SipResponse>? onResponse = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(transport);
        if (request.Method == SipMethods.Ack)
        {
            throw new ArgumentException("ACK has no client transaction; use SendStatelessAsync.", nameof(request));
        }

        if (!request.Headers.Contains(SipHeaderNames.Via))
        {
            request.Headers.AddFirst(SipHeaderNames.Via, LocalVia(transport, NewBranch()).ToString());
        }

        var transaction = new ClientTransaction(this, request, destination, transport, onResponse);
        if (!_clients.TryAdd(transaction.Key, transaction))
        {
            throw new InvalidOperationException("A client transaction with this branch already exists.");
        }

        transaction.Start();
        return transaction;
    }

    /// <summary>
    /// CANCELs a pending INVITE (RFC 3261 §9.1): same Request-URI, Call-ID, From, To, CSeq number, Route and top
    /// Via. Null when it may not be sent yet (no provisional response) or no longer (a final response arrived). The
    /// INVITE then waits at most 64·T1 more for its final response before it ends with a synthesized 408.
    /// </summary>
    public ClientTransaction? Cancel(ClientTransaction invite, Action<SipResponse>? onResponse = null)
    {
        ArgumentNullException.ThrowIfNull(invite);
        if (!invite.IsInvite || !invite.HasProvisional || invite.State != SipTransactionState.Proceeding)
        {
            return null;
        }

        var original = invite.Request;
        var cancel = new SipRequest(SipMethods.Cancel, original.RequestUri);
        cancel.Headers.Add(SipHeaderNames.Via, original.Headers.Get(SipHeaderNames.Via)!);
        cancel.Headers.Add(SipHeaderNames.MaxForwards, "70");
        foreach (var route in original.Headers.GetAll(SipHeaderNames.Route))
        {
            cancel.Headers.Add(SipHeaderNames.Route, route);
        }

        cancel.Headers.Add(SipHeaderNames.From, original.Headers.Get(SipHeaderNames.From)!);
        cancel.Headers.Add(SipHeaderNames.To, original.Headers.Get(SipHeaderNames.To)!);
        cancel.Headers.Add(SipHeaderNames.CallId, original.CallId);
        cancel.Headers.Add(SipHeaderNames.CSeq, new CSeqHeader(original.CSeq.Number, SipMethods.Cancel).ToString());
        var transaction = SendRequest(cancel, invite.Destination, invite.Transport, onResponse);
        invite.OnCancelSent();
        return transaction;
    }

    /// <summary>Sends outside any transaction: the ACK for a 2xx, or a stateless reply.</summary>
    public async ValueTask SendStatelessAsync(SipMessage message, IPEndPoint destination, ISipTransport transport)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(transport);
        if (message is SipRequest && !message.Headers.Contains(SipHeaderNames.Via))
        {
            // The ACK for a 2xx is a transaction of its own: a new branch (RFC 3261 §13.2.2.4).
            message.Headers.AddFirst(SipHeaderNames.Via, LocalVia(transport, NewBranch()).ToString());
        }

        await transport.SendAsync(message, destination);
    }

    /// <summary>The Via this side puts on requests it sends over <paramref name="transport"/>.</summary>
    public static ViaHeader LocalVia(ISipTransport transport, string branch)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var local = transport.LocalEndPoint;
        var host = local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{local.Address}]" : local.Address.ToString();
        var via = new ViaHeader(transport.Protocol, host, local.Port, branch);
        via.Parameters.Set("rport", null);
        return via;
    }

    /// <summary>Entry point for inbound messages; transports call it through <see cref="Attach"/>.</summary>
    public void OnInbound(SipInbound inbound)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        try
        {
            switch (inbound.Message)
            {
                case SipResponse response:
                    OnResponse(inbound, response);
                    break;
                case SipRequest { Method: SipMethods.Ack } ack:
                    OnAckRequest(inbound, ack);
                    break;
                case SipRequest { Method: SipMethods.Cancel } cancel:
                    OnCancel(inbound, cancel);
                    break;
                case SipRequest request:
                    OnRequest(inbound, request);
                    break;
            }
        }
        catch (SipParseException e)
        {
            _logger.LogInformation("Dropped a message from {Remote}: {Reason}", inbound.Remote, e.ReasonPhrase);
        }
    }

    internal static string ClientKey(string branch, string method) =>
        branch + "|" + (method == SipMethods.Ack ? SipMethods.Invite : method);

    internal static string DialogAckKey(SipRequest request) =>
        string.Create(CultureInfo.InvariantCulture, $"{request.CallId}|{request.CSeq.Number}|{request.From.Tag}");

    internal void TrackAccepted(ServerTransaction transaction) => _accepted[transaction.DialogAckKey!] = transaction;

    internal void Remove(ClientTransaction transaction) => _clients.TryRemove(new(transaction.Key, transaction));

    internal void Remove(ServerTransaction transaction)
    {
        _servers.TryRemove(new(transaction.Key, transaction));
        if (transaction.DialogAckKey is { } key)
        {
            _accepted.TryRemove(new(key, transaction));
        }
    }

    internal void Send(SipRequest request, IPEndPoint destination, ISipTransport transport, ClientTransaction? owner)
    {
        _ = SendObservedAsync(request, destination, transport, owner);
    }

    internal async ValueTask SendResponseAsync(SipResponse response, ServerTransaction transaction)
    {
        // Reliable transports answer on the connection the request came in on (RFC 3261 §18.2.2).
        var destination = transaction.Transport.IsReliable
            ? transaction.Remote
            : InboundProcessing.ResponseDestination(response) ?? transaction.Remote;
        try
        {
            await transaction.Transport.SendAsync(response, destination);
        }
        catch (SipTransportException e)
        {
            _logger.LogWarning("Sending {Status} to {Destination} failed: {Error}", response.StatusCode, destination, e.Message);
        }
    }

    private static string ServerKey(SipRequest request, string method)
    {
        var via = request.TopVia;
        if (via.HasMagicCookie)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{via.Branch}|{via.Host}:{via.Port}|{method}");
        }

        // RFC 2543 peers: match on the request's identity instead (§17.2.3, simplified to the fields that do not change).
        return string.Create(CultureInfo.InvariantCulture, $"2543|{request.CallId}|{request.CSeq.Number}|{request.From.Tag}|{via.Host}:{via.Port}|{method}");
    }

    private async Task SendObservedAsync(SipRequest request, IPEndPoint destination, ISipTransport transport, ClientTransaction? owner)
    {
        try
        {
            await transport.SendAsync(request, destination);
        }
        catch (SipTransportException e)
        {
            _logger.LogWarning("Sending {Method} to {Destination} failed: {Error}", request.Method, destination, e.Message);
            owner?.OnTransportError();
        }
    }

    private void OnResponse(SipInbound inbound, SipResponse response)
    {
        var branch = response.TopVia.Branch;
        if (branch is not null && _clients.TryGetValue(ClientKey(branch, response.CSeq.Method), out var transaction))
        {
            transaction.OnResponse(response);
        }
        else
        {
            _user.OnStrayResponse(inbound);
        }
    }

    private void OnAckRequest(SipInbound inbound, SipRequest ack)
    {
        if (_servers.TryGetValue(ServerKey(ack, SipMethods.Invite), out var transaction) && transaction.State != SipTransactionState.Accepted)
        {
            transaction.OnAck(); // ACK for a failure response: absorbed by the transaction
            return;
        }

        if (_accepted.TryGetValue(DialogAckKey(ack), out var accepted))
        {
            accepted.OnAck();
        }

        _user.OnAck(inbound);
    }

    private void OnCancel(SipInbound inbound, SipRequest cancel)
    {
        var key = ServerKey(cancel, SipMethods.Cancel);
        if (_servers.TryGetValue(key, out var existing))
        {
            existing.OnRetransmittedRequest();
            return;
        }

        var transaction = new ServerTransaction(this, inbound, key);
        _servers[key] = transaction;
        var found = _servers.TryGetValue(ServerKey(cancel, SipMethods.Invite), out var invite);
        _ = transaction.SendResponseAsync(SipResponse.CreateFor(cancel, found ? 200 : 481, toTag: found ? null : NewTag()));
        if (found)
        {
            invite!.Cancel();
        }
    }

    private void OnRequest(SipInbound inbound, SipRequest request)
    {
        var key = ServerKey(request, request.Method);
        var transaction = new ServerTransaction(this, inbound, key);
        var existing = _servers.GetOrAdd(key, transaction);
        if (!ReferenceEquals(existing, transaction))
        {
            existing.OnRetransmittedRequest();
            return;
        }

        if (transaction.IsInvite)
        {
            // RFC 3261 §17.2.1: a 100 right away stops the client retransmitting while the TU works.
            _ = transaction.SendResponseAsync(SipResponse.CreateFor(request, 100));
        }

        _user.OnRequest(transaction);
    }
}
