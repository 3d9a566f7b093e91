using System.Net;
using System.Security.Cryptography;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Transport;

namespace CallCluster.Sip.Dialogs;

/// <summary>
/// Dialog state (RFC 3261 §12): identity (Call-ID and tags), route set, remote target and both CSeq spaces.
/// Builds in-dialog requests and checks the ordering of the peer's.
/// </summary>
public sealed class SipDialog
{
    private readonly List<NameAddress> _routeSet;

    private SipDialog(string callId, NameAddress local, NameAddress remote, SipUri remoteTarget, List<NameAddress> routeSet,
        long localCSeq, long? remoteCSeq, NameAddress localContact, IPEndPoint remoteEndPoint, ISipTransport transport, bool isCaller)
    {
        CallId = callId;
        Local = local;
        Remote = remote;
        RemoteTarget = remoteTarget;
        _routeSet = routeSet;
        LocalCSeq = localCSeq;
        RemoteCSeq = remoteCSeq;
        LocalContact = localContact;
        RemoteEndPoint = remoteEndPoint;
        Transport = transport;
        IsCaller = isCaller;
    }

    public string CallId { get; }

    /// <summary>Our From (as caller) or To (as callee), with our tag.</summary>
    public NameAddress Local { get; }

    public NameAddress Remote { get; }

    public string LocalTag => Local.Tag!;

    public string? RemoteTag => Remote.Tag;

    /// <summary>Where in-dialog requests go: the peer's Contact, updated by target-refresh requests.</summary>
    public SipUri RemoteTarget { get; private set; }

    public IReadOnlyList<NameAddress> RouteSet => _routeSet;

    public long LocalCSeq { get; private set; }

    public long? RemoteCSeq { get; private set; }

    public NameAddress LocalContact { get; }

    /// <summary>The next hop for in-dialog requests (the peer, or the first proxy of the route set, already resolved).</summary>
    public IPEndPoint RemoteEndPoint { get; }

    public ISipTransport Transport { get; }

    public bool IsCaller { get; }

    /// <summary>UAS side, from the INVITE and the tag we put in our 2xx (RFC 3261 §12.1.1).</summary>
    public static SipDialog ForCallee(SipRequest invite, string localTag, NameAddress localContact, IPEndPoint remote, ISipTransport transport)
    {
        ArgumentNullException.ThrowIfNull(invite);
        var local = invite.To;
        local.Tag = localTag;
        var target = invite.Contacts.FirstOrDefault()?.Uri ?? throw new SipParseException("INVITE without Contact");
        return new SipDialog(invite.CallId, local, invite.From, target, [.. invite.RecordRoutes], InitialCSeq(), invite.CSeq.Number,
            localContact, remote, transport, isCaller: false);
    }

    /// <summary>UAC side, from our INVITE and the 2xx (RFC 3261 §12.1.2): the route set is Record-Route reversed.</summary>
    public static SipDialog ForCaller(SipRequest invite, SipResponse ok, NameAddress localContact, IPEndPoint remote, ISipTransport transport)
    {
        ArgumentNullException.ThrowIfNull(invite);
        ArgumentNullException.ThrowIfNull(ok);
        var target = ok.Contacts.FirstOrDefault()?.Uri ?? throw new SipParseException("2xx without Contact");
        var routes = ok.RecordRoutes.ToList();
        routes.Reverse();
        return new SipDialog(invite.CallId, invite.From, ok.To, target, routes, invite.CSeq.Number, null, localContact, remote, transport, isCaller: true);
    }

    /// <summary>Is <paramref name="message"/> in this dialog? (Call-ID and both tags.)</summary>
    public bool Matches(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.CallId == CallId && request.To.Tag == LocalTag && request.From.Tag == RemoteTag;
    }

    /// <summary>
    /// A new in-dialog request (RFC 3261 §12.2.1.1) with the next local CSeq, loose routing via the route set.
    /// </summary>
    public SipRequest CreateRequest(string method)
    {
        LocalCSeq++;
        return Build(method, LocalCSeq);
    }

    /// <summary>The ACK for a 2xx to an INVITE with CSeq <paramref name="inviteCSeq"/>; ACK reuses the INVITE's number.</summary>
    public SipRequest CreateAck(long inviteCSeq) => Build(SipMethods.Ack, inviteCSeq);

    /// <summary>
    /// Checks an in-dialog request's CSeq is higher than the last (a lower one is answered 500, RFC 3261 §12.2.2)
    /// and applies a target refresh from re-INVITE or UPDATE.
    /// </summary>
    public bool TryAcceptRemoteRequest(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method is SipMethods.Ack or SipMethods.Cancel)
        {
            return true;
        }

        var number = request.CSeq.Number;
        if (RemoteCSeq is { } last && number <= last)
        {
            return false;
        }

        RemoteCSeq = number;
        if (request.Method is SipMethods.Invite or SipMethods.Update && request.Contacts.FirstOrDefault() is { } contact)
        {
            RemoteTarget = contact.Uri;
        }

        return true;
    }

    /// <summary>A target refresh from a 2xx to our re-INVITE or UPDATE.</summary>
    public void ApplyTargetRefresh(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccess && response.Contacts.FirstOrDefault() is { } contact)
        {
            RemoteTarget = contact.Uri;
        }
    }

    private static long InitialCSeq() => RandomNumberGenerator.GetInt32(1, 1 << 20);

    private SipRequest Build(string method, long cseq)
    {
        var request = new SipRequest(method, RemoteTarget.Clone());
        request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        foreach (var route in _routeSet)
        {
            request.Headers.Add(SipHeaderNames.Route, route.ToString());
        }

        request.Headers.Add(SipHeaderNames.From, Local.ToString());
        request.Headers.Add(SipHeaderNames.To, Remote.ToString());
        request.Headers.Add(SipHeaderNames.CallId, CallId);
        request.Headers.Add(SipHeaderNames.CSeq, new CSeqHeader(cseq, method).ToString());
        if (method is SipMethods.Invite or SipMethods.Update or SipMethods.Refer or SipMethods.Notify)
        {
            request.Headers.Add(SipHeaderNames.Contact, LocalContact.ToString());
        }

        return request;
    }
}
