using System.Net;
using System.Net.Sockets;
using System.Text;
using CallCluster.Edge.Calls;
using CallCluster.Sip.Dialogs;
using CallCluster.Testing;

namespace CallCluster.Edge.Tests.Sip;

/// <summary>What the edge says before it answers: the call cap, session-timer floor, and TCP as well as UDP.</summary>
[Trait("Category", TestCategories.Sipp)]
public sealed class SipEdgeAdmissionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sipp_calls_over_tcp_reach_the_handler_and_end_with_the_callers_bye()
    {
        const int calls = 3;
        var handler = new CountingHandler(calls);
        await using var host = await SipEdgeHost.StartAsync(handler);

        (await Sipp.RunAsync(host.Port, "-sn uac", calls, rate: 3, transport: "t1")).AssertSucceeded();

        await handler.AllEnded.WaitAsync(Wait);
        Assert.All(handler.Ends, end => Assert.Equal(new CallEnd(CallEndedBy.Caller, "bye"), end));
        await Eventually.TrueAsync(() => host.Edge.UserAgent.ActiveCalls == 0, Wait, "every call slot to be free");
    }

    [Fact]
    public async Task An_invite_beyond_the_concurrent_call_cap_gets_503_with_retry_after()
    {
        await using var host = await SipEdgeHost.StartAsync(new CountingHandler(1), o =>
        {
            o.UserAgent = new SipUserAgentOptions { MaxConcurrentCalls = 1, RetryAfterSeconds = 9 };
            o.AnswerDelay = TimeSpan.FromSeconds(30);
        });
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await SendInviteAsync(client, host, "cap-1");
        await ReceiveAsync(client, "cap-1", "SIP/2.0 180");
        await SendInviteAsync(client, host, "cap-2");
        var refusal = await ReceiveAsync(client, "cap-2", "SIP/2.0 5");

        Assert.StartsWith("SIP/2.0 503", refusal, StringComparison.Ordinal);
        Assert.Contains("Retry-After: 9", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_interval_below_min_se_gets_422_with_our_min_se()
    {
        await using var host = await SipEdgeHost.StartAsync(new CountingHandler(1));
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await SendInviteAsync(client, host, "se-1", "Supported: timer\r\nSession-Expires: 30\r\n");
        var refusal = await ReceiveAsync(client, "se-1", "SIP/2.0 4");

        Assert.StartsWith("SIP/2.0 422", refusal, StringComparison.Ordinal);
        Assert.Contains($"Min-SE: {new SessionTimerOptions().MinSESeconds}", refusal, StringComparison.Ordinal);
        Assert.Equal(0, host.Edge.UserAgent.ActiveCalls);
    }

    private static async Task SendInviteAsync(UdpClient client, SipEdgeHost host, string callId, string extraHeaders = "")
    {
        var port = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        const string sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n";
        var invite = $"INVITE sip:agent@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK{callId}\r\n"
            + $"From: <sip:a@127.0.0.1>;tag={callId}\r\nTo: <sip:agent@127.0.0.1>\r\nCall-ID: {callId}\r\nCSeq: 1 INVITE\r\n"
            + $"Contact: <sip:a@127.0.0.1:{port}>\r\nMax-Forwards: 70\r\n{extraHeaders}"
            + $"Content-Type: application/sdp\r\nContent-Length: {sdp.Length}\r\n\r\n{sdp}";
        await client.SendAsync(Encoding.ASCII.GetBytes(invite), host.Edge.EndPoint);
    }

    private static async Task<string> ReceiveAsync(UdpClient client, string callId, string statusPrefix)
    {
        while (true)
        {
            var text = Encoding.ASCII.GetString((await client.ReceiveAsync().WaitAsync(Wait)).Buffer);
            if (text.Contains($"Call-ID: {callId}", StringComparison.Ordinal) && text.StartsWith(statusPrefix, StringComparison.Ordinal))
            {
                return text;
            }
        }
    }
}
