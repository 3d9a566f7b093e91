using System.Net;
using System.Net.Sockets;
using System.Text;
using CallCluster.Edge.Calls;
using CallCluster.Edge.Responders;
using CallCluster.Edge.Sip;
using CallCluster.Edge.Tests.Support;
using CallCluster.Sip.Auth;
using CallCluster.Sip.Dialogs;
using CallCluster.Sip.Messages;
using CallCluster.Testing;

namespace CallCluster.Edge.Tests.Sip;

/// <summary>The real SIPp against a real <see cref="SipEdge"/> on loopback: built-in and repo scenarios (loadtests/sipp).</summary>
[Trait("Category", TestCategories.Sipp)]
public sealed class SipEdgeSippTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sipp_uac_calls_reach_the_handler_and_end_with_the_callers_bye()
    {
        const int calls = 5;
        var handler = new CountingHandler(calls);
        await using var host = await SipEdgeHost.StartAsync(handler);

        var result = await Sipp.RunAsync(host.Port, "-sn uac", calls, rate: 5);

        result.AssertSucceeded();
        await handler.AllEnded.WaitAsync(Wait);
        Assert.Equal(calls, handler.Accepted);
        Assert.All(handler.Ends, end => Assert.Equal(new CallEnd(CallEndedBy.Caller, "bye"), end));
        await Eventually.TrueAsync(() => host.Edge.UserAgent.ActiveCalls == 0 && host.Edge.Calls.Count == 0, Wait, "every call slot to be free");
    }

    [Fact]
    public async Task Sipp_uac_pcap_audio_and_rfc2833_digit_reach_the_handler()
    {
        var handler = new RecordingHandler();
        await using var host = await SipEdgeHost.StartAsync(handler);
        SipEdgeCall? answered = null;
        host.Edge.CallAnswered = call => answered = call;

        var sipp = Sipp.RunAsync(host.Port, "-sn uac_pcap", limit: TimeSpan.FromSeconds(60));
        var session = await handler.Accepted.WaitAsync(Wait);
        await session.WaitForAsync(events => events.Contains("dtmf 1"), "the RFC 2833 digit 1 from dtmf_2833_1.pcap");
        var statistics = answered!.Rtp.Statistics;
        (await sipp).AssertSucceeded();
        await session.WaitForAsync(events => events.Contains("ended Caller bye"), "the caller's BYE");
        Assert.Equal("PCMA/8000", session.Call.Codec);
        Assert.Equal(DtmfCapability.Rfc4733, session.Call.Dtmf);

        // g711a.pcap is about 8 s of speech: most of it must have come through the jitter buffer and decoder.
        var frames = session.CallerFrames;
        Assert.True(frames.Count > 250, $"only {frames.Count} caller frames");
        Assert.NotNull(answered);
        Assert.True(frames.Max(f => Audio.Rms(f)) > 500, $"the caller's audio is silent: {statistics} {string.Join(",", frames.Select(f => (int)Audio.Rms(f)).Take(300))}");
        Assert.Equal(0, answered.Rtp.Statistics.SendsDropped);
    }

    [Fact]
    public async Task A_recorded_call_has_the_caller_left_and_the_agent_right()
    {
        var folder = Directory.CreateTempSubdirectory("sipedge-recording-");
        try
        {
            var handler = new ToneResponder(440, TimeSpan.FromSeconds(3));
            await using (var host = await SipEdgeHost.StartAsync(handler, recordingFolder: folder.FullName))
            {
                var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                host.Edge.CallEnded = _ => ended.TrySetResult();
                (await Sipp.RunAsync(host.Port, "-sn uac_pcap", limit: TimeSpan.FromSeconds(60))).AssertSucceeded();
                await ended.Task.WaitAsync(Wait);
            }

            var wav = TestWav.Read(Assert.Single(folder.GetFiles("*.wav")).FullName);
            Assert.Equal(2, wav.Channels);
            var caller = wav.Channel(0);
            var agent = wav.Channel(1);
            Assert.True(Audio.Rms(caller) > 300, $"caller channel RMS {Audio.Rms(caller):0}");
            Assert.True(Spectrum.Power(agent, wav.SampleRate, 440) > 20 * Spectrum.Power(agent, wav.SampleRate, 1000), "no 440 Hz tone on the agent channel");
            Assert.True(Spectrum.Power(caller, wav.SampleRate, 440) < Spectrum.Power(agent, wav.SampleRate, 440) / 20, "the agent's tone leaked into the caller channel");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Cancel_before_answer_gets_487_and_no_call_starts()
    {
        var handler = new CountingHandler(1);
        await using var host = await SipEdgeHost.StartAsync(handler, o => o.AnswerDelay = TimeSpan.FromSeconds(30));

        var result = await Sipp.RunAsync(host.Port, "uac_cancel.xml");

        result.AssertSucceeded();
        await Eventually.TrueAsync(() => host.Edge.UserAgent.ActiveCalls == 0, Wait, "the cancelled call's slot to be free");
        Assert.Equal(0, handler.Accepted);
    }

    [Fact]
    public async Task The_handler_hanging_up_sends_bye_to_the_caller()
    {
        var handler = new RecordingHandler();
        await using var host = await SipEdgeHost.StartAsync(handler);

        var sipp = Sipp.RunAsync(host.Port, "uac_edge_bye.xml");
        var session = await handler.Accepted.WaitAsync(Wait);
        await session.Channel.HangUpAsync(CancellationToken.None);

        (await sipp).AssertSucceeded();
        await session.WaitForAsync(events => events.Contains("ended Agent hangup"), "the agent's hang-up");
        await Eventually.TrueAsync(() => host.Edge.UserAgent.ActiveCalls == 0, Wait, "the call slot to be free");
    }

    [Fact]
    public async Task Reinvite_hold_and_unhold_are_answered_and_info_digits_reach_the_handler()
    {
        var handler = new RecordingHandler();
        await using var host = await SipEdgeHost.StartAsync(handler);

        var result = await Sipp.RunAsync(host.Port, "uac_hold.xml");

        result.AssertSucceeded();
        var session = await handler.Accepted.WaitAsync(Wait);
        await session.WaitForAsync(events => events.Contains("dtmf 5") && events.Contains("ended Caller bye"), "the INFO digit and the BYE");
    }

    [Fact]
    public async Task Options_is_answered_with_allow()
    {
        await using var host = await SipEdgeHost.StartAsync(new CountingHandler(0));

        (await Sipp.RunAsync(host.Port, "options.xml")).AssertSucceeded();
    }

    [Fact]
    public async Task Digest_trunk_challenges_then_admits_the_right_credentials()
    {
        var handler = new CountingHandler(1);
        await using var host = await SipEdgeHost.StartAsync(handler, DigestTrunk);

        var result = await Sipp.RunAsync(host.Port, "uac_digest.xml", extra: ["-au", "trunk-user", "-ap", "test-only-password"]);

        result.AssertSucceeded();
        await handler.AllEnded.WaitAsync(Wait);
        Assert.Equal(1, handler.Accepted);
    }

    [Fact]
    public async Task Digest_trunk_refuses_a_wrong_password()
    {
        var handler = new CountingHandler(1);
        await using var host = await SipEdgeHost.StartAsync(handler, DigestTrunk);

        var result = await Sipp.RunAsync(host.Port, "uac_digest.xml", extra: ["-au", "trunk-user", "-ap", "wrong"], limit: TimeSpan.FromSeconds(20));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(0, handler.Accepted);
    }

    // SIPp answers only the first WWW-Authenticate and only MD5, so this trunk challenges with MD5 alone.
    private static void DigestTrunk(SipEdgeOptions options)
    {
        options.Digest = new DigestServerOptions { Algorithms = [DigestAlgorithm.Md5] };
        options.Trunks.Add(new SipTrunkOptions { Name = "carrier", UserName = "trunk-user", Password = "test-only-password" });
    }

    [Fact]
    public async Task Session_timer_is_negotiated_and_an_update_refreshes_it()
    {
        var handler = new CountingHandler(1);
        await using var host = await SipEdgeHost.StartAsync(handler);

        (await Sipp.RunAsync(host.Port, "uac_session_timer.xml")).AssertSucceeded();
        await handler.AllEnded.WaitAsync(Wait);
    }

    [Fact]
    public async Task Placed_call_through_a_trunk_reaches_sipp_uas_and_the_handlers_hangup_ends_it()
    {
        var handler = new RecordingHandler();
        var sippPort = FreeUdpPorts.One();
        await using var host = await SipEdgeHost.StartAsync(handler, o => o.Trunks.Add(new SipTrunkOptions
        {
            Name = "sipp", OutboundHost = "127.0.0.1", OutboundPort = sippPort,
        }));
        var sipp = Sipp.RunAsync(0, "-sn uas", listenPort: sippPort);
        SipEdgeCall? call = null;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                call = await host.Edge.PlaceCallAsync(SipUri.Parse($"sip:service@127.0.0.1:{sippPort}"), "sipp", CancellationToken.None);
                return true;
            }
            catch (SipCallFailedException)
            {
                return false;
            }
        }, Wait, "SIPp's UAS to answer (it may still be starting)");

        var session = await handler.Accepted.WaitAsync(Wait);
        Assert.Equal("PCMU/8000", session.Call.Codec);
        await Eventually.TrueAsync(() => call!.Rtp.Statistics.PacketsSent >= 10, Wait, "the edge's paced RTP to flow to SIPp's media port");
        await session.Channel.HangUpAsync(CancellationToken.None);

        (await sipp).AssertSucceeded();
        await session.WaitForAsync(events => events.Contains("ended Agent hangup"), "the agent's hang-up");
    }

    [Fact]
    public async Task Invites_beyond_a_sources_rate_get_503_with_retry_after()
    {
        var handler = new CountingHandler(1);
        await using var host = await SipEdgeHost.StartAsync(handler, o =>
        {
            o.InvitesPerSecondPerSource = 0.01;
            o.InviteBurstPerSource = 1;
            o.AnswerDelay = TimeSpan.FromSeconds(30);
        });
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)client.Client.LocalEndPoint!).Port;

        string InviteText(int n) =>
            $"INVITE sip:agent@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKrate{n}\r\nFrom: <sip:a@127.0.0.1>;tag={n}\r\n"
            + $"To: <sip:agent@127.0.0.1>\r\nCall-ID: rate-{n}\r\nCSeq: 1 INVITE\r\nContact: <sip:a@127.0.0.1:{port}>\r\nMax-Forwards: 70\r\n"
            + "Content-Type: application/sdp\r\nContent-Length: 84\r\n\r\n"
            + "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n";

        await client.SendAsync(Encoding.ASCII.GetBytes(InviteText(1)), host.Edge.EndPoint);
        await client.SendAsync(Encoding.ASCII.GetBytes(InviteText(2)), host.Edge.EndPoint);

        string? refusal = null;
        while (refusal is null)
        {
            var text = Encoding.ASCII.GetString((await client.ReceiveAsync().WaitAsync(Wait)).Buffer);
            if (text.Contains("Call-ID: rate-2", StringComparison.Ordinal) && !text.StartsWith("SIP/2.0 100", StringComparison.Ordinal))
            {
                refusal = text;
            }
        }

        Assert.StartsWith("SIP/2.0 503", refusal, StringComparison.Ordinal);
        Assert.Contains("Retry-After:", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_requests_get_400_and_the_edge_keeps_serving()
    {
        var handler = new CountingHandler(1);
        await using var host = await SipEdgeHost.StartAsync(handler);
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var garbage = "INVITE sip:agent@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + ((IPEndPoint)client.Client.LocalEndPoint!).Port
            + ";branch=z9hG4bKbad\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:agent@127.0.0.1>\r\nCall-ID: bad-1\r\nCSeq: one INVITE\r\nContent-Length: 0\r\n\r\n";
        await client.SendAsync(Encoding.ASCII.GetBytes(garbage), host.Edge.EndPoint);

        var reply = await client.ReceiveAsync().WaitAsync(Wait);
        var text = Encoding.ASCII.GetString(reply.Buffer);
        Assert.StartsWith("SIP/2.0 400", text, StringComparison.Ordinal);

        (await Sipp.RunAsync(host.Port, "-sn uac")).AssertSucceeded();
        await handler.AllEnded.WaitAsync(Wait);
    }
}
