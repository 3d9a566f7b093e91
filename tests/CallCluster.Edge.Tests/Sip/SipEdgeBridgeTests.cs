using CallCluster.Edge.Sip;
using CallCluster.Edge.Tests.Support;
using CallCluster.Sip.Dialogs;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;
using CallCluster.Testing;

namespace CallCluster.Edge.Tests.Sip;

/// <summary>
/// Outbound calls through a digest trunk and the media bridge, end to end over real SIP, RTP and codecs: two "phone"
/// edges (one G.722 only, one Opus only) place calls to the edge under test, which bridges them.
/// </summary>
[Trait("Category", TestCategories.Audio)]
public sealed class SipEdgeBridgeTests
{
    private const string TrunkUser = "phones";
    private const string TrunkPassword = "test-only-bridge-password";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Bridged_calls_hear_each_others_tone_across_codecs_and_unbridged_calls_hear_their_own_handler_again()
    {
        await using var edge = await SipEdgeHost.StartAsync(new CountingHandler(2), o =>
            o.Trunks.Add(new SipTrunkOptions { Name = "phones", UserName = TrunkUser, Password = TrunkPassword }));
        var low = new TonePhone(440);
        var high = new TonePhone(1000);
        await using var phoneLow = await PhoneAsync(low, edge.Port, AudioCodec.G722, TrunkPassword);
        await using var phoneHigh = await PhoneAsync(high, edge.Port, AudioCodec.Opus, TrunkPassword);

        var callLow = await phoneLow.Edge.PlaceCallAsync(SipUri.Parse($"sip:agent@127.0.0.1:{edge.Port}"), "edge", CancellationToken.None);
        var callHigh = await phoneHigh.Edge.PlaceCallAsync(SipUri.Parse($"sip:agent@127.0.0.1:{edge.Port}"), "edge", CancellationToken.None);
        Assert.Equal("G722/8000", callLow.Rtp.Codec);
        Assert.Equal("opus/48000", callHigh.Rtp.Codec);
        await Eventually.TrueAsync(
            () => edge.Edge.Calls.Count(c => c.Media is not null && c.Started.IsCompletedSuccessfully) == 2, Wait, "both calls' media on the edge");

        var bridge = edge.Edge.Bridge(callLow.CallId, callHigh.CallId);
        await Eventually.TrueAsync(() => low.Hears(1000, 440), Wait, "the G.722 phone to hear the Opus phone's 1000 Hz tone");
        await Eventually.TrueAsync(() => high.Hears(440, 1000), Wait, "the Opus phone to hear the G.722 phone's 440 Hz tone");

        bridge.Dispose();
        Assert.Equal("unbridged", await bridge.Completion);
        await Eventually.TrueAsync(() => low.RecentLevel() < 100 && high.RecentLevel() < 100, Wait,
            "both phones to hear their own (silent) handler again");

        await callLow.HangUpAsync();
        await callHigh.HangUpAsync();
        await Eventually.TrueAsync(() => edge.Edge.Calls.Count == 0, Wait, "the edge's calls to end");
    }

    [Fact]
    public async Task A_placed_call_with_the_wrong_trunk_password_is_refused_with_403()
    {
        await using var edge = await SipEdgeHost.StartAsync(new CountingHandler(1), o =>
            o.Trunks.Add(new SipTrunkOptions { Name = "phones", UserName = TrunkUser, Password = TrunkPassword }));
        await using var phone = await PhoneAsync(new TonePhone(440), edge.Port, AudioCodec.Pcmu, "wrong-password");

        var refused = await Assert.ThrowsAsync<SipCallFailedException>(() =>
            phone.Edge.PlaceCallAsync(SipUri.Parse($"sip:agent@127.0.0.1:{edge.Port}"), "edge", CancellationToken.None));

        Assert.Equal(403, refused.StatusCode);
        Assert.Equal(0, phone.Edge.UserAgent.ActiveCalls);
    }

    [Fact]
    public async Task A_trunk_named_by_host_name_is_resolved_and_an_unknown_trunk_is_refused()
    {
        var edgeHandler = new RecordingHandler();
        await using var edge = await SipEdgeHost.StartAsync(edgeHandler);
        await using var phone = await SipEdgeHost.StartAsync(new TonePhone(440), o =>
            o.Trunks.Add(new SipTrunkOptions { Name = "by-name", OutboundHost = "localhost", OutboundPort = edge.Port }));

        var call = await phone.Edge.PlaceCallAsync(SipUri.Parse($"sip:agent@localhost:{edge.Port}"), "by-name", CancellationToken.None);
        await edgeHandler.Accepted.WaitAsync(Wait);
        await call.HangUpAsync();

        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            phone.Edge.PlaceCallAsync(SipUri.Parse("sip:agent@127.0.0.1"), "no-such-trunk", CancellationToken.None));
        Assert.Contains("no-such-trunk", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trunk_may_place_its_calls_over_tcp()
    {
        var edgeHandler = new RecordingHandler();
        await using var edge = await SipEdgeHost.StartAsync(edgeHandler);
        var answered = new TaskCompletionSource<SipEdgeCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        edge.Edge.CallAnswered = call => answered.TrySetResult(call);
        var phone = new TonePhone(440);
        await using var phoneHost = await SipEdgeHost.StartAsync(phone, o => o.Trunks.Add(new SipTrunkOptions
        {
            Name = "tcp", OutboundHost = "127.0.0.1", OutboundPort = edge.Port, OutboundTransport = SipTrunkTransport.Tcp,
        }));

        var call = await phoneHost.Edge.PlaceCallAsync(SipUri.Parse($"sip:agent@127.0.0.1:{edge.Port};transport=tcp"), "tcp", CancellationToken.None);
        var session = await edgeHandler.Accepted.WaitAsync(Wait);

        Assert.Equal("TCP", call.Sip.Dialog.Transport.Protocol);
        Assert.Equal("TCP", (await answered.Task.WaitAsync(Wait)).Sip.Dialog.Transport.Protocol);
        await session.WaitForAsync(_ => session.CallerFrames.Count(f => Audio.Rms(f) > 300) > 10, "the phone's tone over the TCP-signalled call");
        await session.Channel.HangUpAsync(CancellationToken.None);
        Assert.Equal("remote hangup", await call.Sip.Ended.WaitAsync(Wait));
    }

    private static Task<SipEdgeHost> PhoneAsync(TonePhone phone, int edgePort, AudioCodec codec, string password) =>
        SipEdgeHost.StartAsync(phone, o =>
        {
            o.Sdp = new SdpNegotiatorOptions { Codecs = [codec] };
            o.Trunks.Add(new SipTrunkOptions
            {
                Name = "edge", OutboundHost = "127.0.0.1", OutboundPort = edgePort, UserName = TrunkUser, Password = password,
            });
        });
}
