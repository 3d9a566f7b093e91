using CallCluster.Edge.Sip;
using CallCluster.Edge.Tests.Support;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;
using CallCluster.Testing;

namespace CallCluster.Edge.Tests.Sip;

/// <summary>Mid-call offers that change the codec: re-INVITE, UPDATE with SDP, and a re-INVITE without SDP.</summary>
public sealed class SipEdgeReofferTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    [Trait("Category", TestCategories.Audio)]
    public async Task Reinvite_and_update_change_the_codec_and_audio_keeps_flowing_both_ways()
    {
        var agent = new TonePhone(1000);
        await using var edge = await SipEdgeHost.StartAsync(agent);
        SipEdgeCall? edgeSide = null;
        edge.Edge.CallAnswered = call => edgeSide = call;
        var caller = new TonePhone(440);
        await using var phone = await SipEdgeHost.StartAsync(caller, o =>
        {
            o.Sdp = new SdpNegotiatorOptions { Codecs = [AudioCodec.G722] };
            o.Trunks.Add(new SipTrunkOptions { Name = "edge", OutboundHost = "127.0.0.1", OutboundPort = edge.Port });
        });
        var call = await phone.Edge.PlaceCallAsync(SipUri.Parse($"sip:agent@127.0.0.1:{edge.Port}"), "edge", CancellationToken.None);
        await Eventually.TrueAsync(() => caller.Hears(1000, 440) && agent.Hears(440, 1000), Wait, "both tones on G.722");
        Assert.Equal("G722/8000", edgeSide!.Rtp.Codec);

        // re-INVITE to PCMU: the phone offers, the edge answers and switches its encoder, decoder and jitter buffer.
        var pcmu = new SdpNegotiator(new SdpNegotiatorOptions { Codecs = [AudioCodec.Pcmu] }, "127.0.0.1");
        var reinvite = await call.Sip.ReInviteAsync(pcmu.CreateOffer(call.Rtp.LocalEndPoint.Port));
        Assert.Equal(200, reinvite.StatusCode);
        call.Rtp.Configure(pcmu.ProcessAnswer(SessionDescription.Parse(reinvite.Body.Span))!);
        Assert.Equal("PCMU/8000", edgeSide.Rtp.Codec);
        await Eventually.TrueAsync(() => caller.Hears(1000, 440) && agent.Hears(440, 1000), Wait, "both tones on PCMU");

        // UPDATE with SDP (RFC 3311) to Opus.
        var opus = new SdpNegotiator(new SdpNegotiatorOptions { Codecs = [AudioCodec.Opus] }, "127.0.0.1");
        var update = await call.Sip.UpdateAsync(opus.CreateOffer(call.Rtp.LocalEndPoint.Port));
        Assert.Equal(200, update.StatusCode);
        call.Rtp.Configure(opus.ProcessAnswer(SessionDescription.Parse(update.Body.Span))!);
        Assert.Equal("opus/48000", edgeSide.Rtp.Codec);
        await Eventually.TrueAsync(() => caller.Hears(1000, 440) && agent.Hears(440, 1000), Wait, "both tones on Opus");

        // An offer with no codec in common is refused with 488 and the call stays on Opus.
        var gsmOnly = new SdpNegotiator(new SdpNegotiatorOptions { Codecs = [new AudioCodec("GSM", 8000, 1, 3)] }, "127.0.0.1");
        Assert.Equal(488, (await call.Sip.ReInviteAsync(gsmOnly.CreateOffer(call.Rtp.LocalEndPoint.Port))).StatusCode);
        Assert.Equal("opus/48000", edgeSide.Rtp.Codec);
        await call.HangUpAsync();
    }

    [Fact]
    [Trait("Category", TestCategories.Sipp)]
    public async Task Reinvite_without_sdp_gets_our_offer_and_the_answer_in_the_ack_switches_the_codec()
    {
        await using var host = await SipEdgeHost.StartAsync(new CountingHandler(1));
        var answered = new TaskCompletionSource<SipEdgeCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Edge.CallAnswered = call => answered.TrySetResult(call);

        var sipp = Sipp.RunAsync(host.Port, "uac_reinvite_without_sdp.xml");
        var call = await answered.Task.WaitAsync(Wait);
        string? codec = null;
        await Eventually.TrueAsync(() => (codec = call.Rtp.Codec) == "PCMU/8000" || sipp.IsCompleted, Wait, "the answer in the ACK to move the call to PCMU");
        (await sipp).AssertSucceeded();
        Assert.Equal("PCMU/8000", codec);
    }

    [Fact]
    [Trait("Category", TestCategories.Sipp)]
    public async Task On_a_placed_call_a_reinvite_without_sdp_gets_our_offer_and_the_ack_answer_switches_the_codec()
    {
        var handler = new RecordingHandler();
        var sippPort = FreeUdpPorts.One();
        await using var host = await SipEdgeHost.StartAsync(handler, o => o.Trunks.Add(new SipTrunkOptions
        {
            Name = "sipp", OutboundHost = "127.0.0.1", OutboundPort = sippPort,
        }));
        var sipp = Sipp.RunAsync(0, "uas_reinvite_without_sdp.xml", listenPort: sippPort);
        SipEdgeCall? call = null;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                call = await host.Edge.PlaceCallAsync(SipUri.Parse($"sip:service@127.0.0.1:{sippPort}"), "sipp", CancellationToken.None);
                return true;
            }
            catch (CallCluster.Sip.Dialogs.SipCallFailedException) when (!sipp.IsCompleted)
            {
                return false;
            }
        }, Wait, "SIPp's UAS to answer (it may still be starting)");
        Assert.Equal("PCMA/8000", call!.Rtp.Codec);

        await Eventually.TrueAsync(() => call.Rtp.Codec == "PCMU/8000" || sipp.IsCompleted, Wait, "the answer in SIPp's ACK to move the call to PCMU");
        Assert.Equal("PCMU/8000", call.Rtp.Codec);
        await call.HangUpAsync();
        (await sipp).AssertSucceeded();
    }
}
