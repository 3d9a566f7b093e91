using CallCluster.Sip.Messages;

namespace CallCluster.Sip.Tests.Transactions;

internal static class Requests
{
    public static SipRequest New(string method, string callId = "call-1", long cseq = 1, string? branch = null, string fromTag = "ft1")
    {
        var request = new SipRequest(method, SipUri.Parse("sip:agent@10.0.0.1"));
        if (branch is not null)
        {
            request.Headers.Add(SipHeaderNames.Via, $"SIP/2.0/UDP 192.0.2.50:5070;branch={branch};rport");
        }

        request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        request.Headers.Add(SipHeaderNames.From, $"<sip:caller@192.0.2.50>;tag={fromTag}");
        request.Headers.Add(SipHeaderNames.To, "<sip:agent@10.0.0.1>");
        request.Headers.Add(SipHeaderNames.CallId, callId);
        request.Headers.Add(SipHeaderNames.CSeq, new CSeqHeader(cseq, method).ToString());
        return request;
    }

    public static SipResponse Reply(SipRequest request, int status, string? toTag = "tt1") =>
        SipResponse.CreateFor(request, status, toTag: status > 100 ? toTag : null);

    public static SipRequest AckFor2xx(SipRequest invite, SipResponse ok)
    {
        var ack = new SipRequest(SipMethods.Ack, invite.RequestUri);
        ack.Headers.Add(SipHeaderNames.Via, $"SIP/2.0/UDP 192.0.2.50:5070;branch=z9hG4bKack{invite.CSeq.Number}");
        ack.Headers.Add(SipHeaderNames.From, invite.Headers.Get(SipHeaderNames.From)!);
        ack.Headers.Add(SipHeaderNames.To, ok.Headers.Get(SipHeaderNames.To)!);
        ack.Headers.Add(SipHeaderNames.CallId, invite.CallId);
        ack.Headers.Add(SipHeaderNames.CSeq, new CSeqHeader(invite.CSeq.Number, SipMethods.Ack).ToString());
        return ack;
    }
}
