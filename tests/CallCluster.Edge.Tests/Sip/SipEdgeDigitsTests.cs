using CallCluster.Edge.Calls;
using CallCluster.Edge.Sip;
using CallCluster.Edge.Tests.Support;
using CallCluster.Media.Dtmf;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;
using CallCluster.Testing;

namespace CallCluster.Edge.Tests.Sip;

/// <summary>A handler walking a far end's IVR over a real call: RFC 4733 events when negotiated, in-band tones otherwise.</summary>
[Trait("Category", TestCategories.Audio)]
public sealed class SipEdgeDigitsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Digits_go_as_rfc4733_events_when_telephone_event_is_negotiated()
    {
        var (ivr, caller, edge, phone) = await ConnectAsync(telephoneEvents: true);
        await using (edge)
        await using (phone)
        {
            await caller.Channel.SendDigitsAsync("1#9", CancellationToken.None);

            await ivr.WaitForAsync(e => e.Contains("dtmf 1") && e.Contains("dtmf #") && e.Contains("dtmf 9"), "the three RFC 4733 digits");
            Assert.Equal(["dtmf 1", "dtmf #", "dtmf 9"], ivr.Events.Where(e => e.StartsWith("dtmf", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Without_telephone_event_the_digits_are_in_band_tones_the_far_end_can_detect()
    {
        var (ivr, caller, edge, phone) = await ConnectAsync(telephoneEvents: false);
        await using (edge)
        await using (phone)
        {
            Assert.Equal(DtmfCapability.SipInfo, caller.Call.Dtmf);
            await caller.Channel.SendDigitsAsync("427", CancellationToken.None);

            using var detector = new DtmfDetector();
            var heard = string.Empty;
            var read = 0;
            await Eventually.TrueAsync(() =>
            {
                Span<char> found = stackalloc char[8];
                var frames = ivr.CallerFrames;
                for (; read < frames.Count; read++)
                {
                    heard += found[..detector.Process(frames[read], found)].ToString();
                }

                return heard.Length >= 3;
            }, Wait, "three in-band digits through PCMU");
            Assert.Equal("427", heard);

            // The far end's own in-band detector (the line has no telephone-event) reports the same digits.
            await ivr.WaitForAsync(e => e.Count(x => x.StartsWith("dtmf", StringComparison.Ordinal)) >= 3, "the edge to detect the in-band digits");
            Assert.Equal(["dtmf 4", "dtmf 2", "dtmf 7"], ivr.Events.Where(e => e.StartsWith("dtmf", StringComparison.Ordinal)));
        }
    }

    private static async Task<(RecordingHandler.RecordingSession Ivr, RecordingHandler.RecordingSession Caller, SipEdgeHost Edge, SipEdgeHost Phone)> ConnectAsync(
        bool telephoneEvents)
    {
        var ivrHandler = new RecordingHandler();
        var edge = await SipEdgeHost.StartAsync(ivrHandler);
        var callerHandler = new RecordingHandler();
        var phone = await SipEdgeHost.StartAsync(callerHandler, o =>
        {
            o.Sdp = new SdpNegotiatorOptions { Codecs = [AudioCodec.Pcmu], TelephoneEvents = telephoneEvents };
            o.Trunks.Add(new SipTrunkOptions { Name = "ivr", OutboundHost = "127.0.0.1", OutboundPort = edge.Port });
        });
        await phone.Edge.PlaceCallAsync(SipUri.Parse($"sip:ivr@127.0.0.1:{edge.Port}"), "ivr", CancellationToken.None);
        return (await ivrHandler.Accepted.WaitAsync(Wait), await callerHandler.Accepted.WaitAsync(Wait), edge, phone);
    }
}
