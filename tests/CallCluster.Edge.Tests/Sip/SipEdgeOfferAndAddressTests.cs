using System.Net;
using System.Net.Sockets;
using System.Text;
using CallCluster.Edge.Calls;
using CallCluster.Edge.Playout;
using CallCluster.Edge.Sip;
using CallCluster.Edge.Tests.Support;
using CallCluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.Edge.Tests.Sip;

/// <summary>Delayed offer (SDP in the 200 OK and the ACK) and the advertised public address, against the real SIPp.</summary>
[Trait("Category", TestCategories.Sipp)]
public sealed class SipEdgeOfferAndAddressTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Invite_without_sdp_gets_an_offer_in_the_200_and_the_answer_in_the_ack_sets_up_media()
    {
        var handler = new RecordingHandler();
        await using var host = await SipEdgeHost.StartAsync(handler);
        var ended = new TaskCompletionSource<SipEdgeCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Edge.CallEnded = call => ended.TrySetResult(call);

        var sipp = Sipp.RunAsync(host.Port, "uac_delayed_offer.xml");
        var session = await AcceptedOrSippFailedAsync(handler, sipp);
        await session.WaitForAsync(_ => session.CallerFrames.Any(f => Audio.Rms(f) > 500), "the caller's speech through the answered media");
        (await sipp).AssertSucceeded();
        await session.WaitForAsync(events => events.Contains("ended Caller bye"), "the caller's BYE");
        var call = await ended.Task.WaitAsync(Wait);

        Assert.Equal("PCMA/8000", session.Call.Codec);
        Assert.True(call.FinalStatistics?.PacketsSent > 50, $"the edge sent too little RTP to the answer's address: {call.FinalStatistics}");
    }

    [Fact]
    public async Task A_delayed_offer_call_whose_ack_has_no_answer_is_hung_up_and_never_reaches_the_handler()
    {
        var handler = new CountingHandler(1);
        await using var host = await SipEdgeHost.StartAsync(handler);
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        var dialog = $"From: <sip:a@127.0.0.1>;tag=caller1\r\nCall-ID: delayed-1\r\nContact: <sip:a@127.0.0.1:{port}>\r\nMax-Forwards: 70\r\n";
        await client.SendAsync(Encoding.ASCII.GetBytes(
            $"INVITE sip:agent@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKdelayed1\r\nTo: <sip:agent@127.0.0.1>\r\n"
            + dialog + "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"), host.Edge.EndPoint);

        var ok = await ReceiveAsync(client, text => text.StartsWith("SIP/2.0 200", StringComparison.Ordinal));
        Assert.Contains("Content-Type: application/sdp", ok, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("m=audio ", ok, StringComparison.Ordinal);
        var to = ok.Split("\r\n").First(l => l.StartsWith("To:", StringComparison.OrdinalIgnoreCase));
        await client.SendAsync(Encoding.ASCII.GetBytes(
            $"ACK sip:agent@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKdelayedack\r\n{to}\r\n"
            + dialog + "CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n"), host.Edge.EndPoint);

        var bye = await ReceiveAsync(client, text => text.StartsWith("BYE ", StringComparison.Ordinal));
        Assert.Contains("Call-ID: delayed-1", bye, StringComparison.Ordinal);
        Assert.Equal(0, handler.Accepted);
        await Eventually.TrueAsync(() => host.Edge.UserAgent.ActiveCalls == 0, Wait, "the call slot to be free");
    }

    [Fact]
    public async Task Public_address_is_in_contact_and_sdp_while_media_arrives_on_the_socket_bound_to_any()
    {
        var handler = new RecordingHandler();
        await using var host = await SipEdgeHost.StartAsync(handler, o =>
        {
            o.ListenAddress = "0.0.0.0";
            o.PublicAddress = "127.0.0.2";
            o.PublicSipPort = 5999;
        });
        var ended = new TaskCompletionSource<SipEdgeCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Edge.CallEnded = call => ended.TrySetResult(call);

        var sipp = Sipp.RunAsync(host.Port, "uac_public_address.xml");
        var session = await AcceptedOrSippFailedAsync(handler, sipp);
        await session.WaitForAsync(_ => session.CallerFrames.Any(f => Audio.Rms(f) > 500), "the caller's speech sent to the public address");
        (await sipp).AssertSucceeded();
        await session.WaitForAsync(events => events.Contains("ended Caller bye"), "the caller's BYE");
        var call = await ended.Task.WaitAsync(Wait);

        Assert.Equal(IPAddress.Any, call.Rtp.LocalEndPoint.Address);
        Assert.True(call.FinalStatistics?.PacketsReceived > 100, $"too little RTP reached the edge: {call.FinalStatistics}");
    }

    [Fact]
    public void Listening_on_any_address_without_a_public_address_is_refused_with_the_reason()
    {
        var scheduler = new PlayoutScheduler(Options.Create(new PlayoutOptions()), TimeProvider.System, NullLogger<PlayoutScheduler>.Instance);
        var factory = new EdgeCallFactory(new CountingHandler(0), scheduler, Options.Create(new EdgeOptions()), Options.Create(new PlayoutOptions()),
            NullLogger<EdgeCall>.Instance);

        var error = Assert.Throws<FormatException>(() => new SipEdge(new SipEdgeOptions { ListenAddress = "0.0.0.0" }, factory, TimeProvider.System, NullLoggerFactory.Instance));

        Assert.Contains("PublicAddress", error.Message, StringComparison.Ordinal);
        scheduler.Dispose();
    }

    /// <summary>The handler's session; a SIPp run that ends first fails the test with SIPp's own account of why.</summary>
    private static async Task<RecordingHandler.RecordingSession> AcceptedOrSippFailedAsync(RecordingHandler handler, Task<SippResult> sipp)
    {
        if (await Task.WhenAny(handler.Accepted, sipp).WaitAsync(Wait) == sipp)
        {
            (await sipp).AssertSucceeded();
        }

        return await handler.Accepted.WaitAsync(Wait);
    }

    private static async Task<string> ReceiveAsync(UdpClient client, Func<string, bool> wanted)
    {
        while (true)
        {
            var text = Encoding.ASCII.GetString((await client.ReceiveAsync().WaitAsync(Wait)).Buffer);
            if (wanted(text))
            {
                return text;
            }
        }
    }
}
