using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;

namespace CallCluster.Sip.Tests.Sdp;

public sealed class NegotiationMatrixTests
{
    private const string Opus = "96 opus/48000/2";
    private const string G722 = "9 G722/8000";
    private const string L16 = "98 L16/16000";
    private const string Pcmu = "0 PCMU/8000";
    private const string Pcma = "8 PCMA/8000";
    private const string Dtmf8k = "101 telephone-event/8000";
    private const string Dtmf48k = "110 telephone-event/48000";

    // offered rtpmaps (in the offerer's order) → the codec we pick, its payload type, the telephone-event type we keep.
    public static TheoryData<string[], string, int, int?> Matrix() => new()
    {
        { [Pcmu, Pcma, G722, Opus, Dtmf8k, Dtmf48k], "opus", 96, 110 },
        { [Pcmu, Pcma, G722, Dtmf8k], "G722", 9, 101 },
        { [Pcmu, L16, Pcma], "L16", 98, null },
        { [Pcma, Pcmu, Dtmf8k], "PCMU", 0, 101 },
        { [Pcma, Dtmf8k], "PCMA", 8, 101 },
        { [Opus, Dtmf8k], "opus", 96, null },
        { ["120 OPUS/48000/2", "121 Telephone-Event/48000"], "opus", 120, 121 },
        { ["0", "8", "9"], "G722", 9, null },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Answer_picks_our_most_preferred_offered_codec_with_the_offers_payload_types(string[] rtpmaps, string codec, int payloadType, int? events)
    {
        var answer = new SdpNegotiator(new SdpNegotiatorOptions(), "10.0.0.5").Answer(Offer(rtpmaps), 40000);

        Assert.True(answer.IsAccepted);
        Assert.Equal(codec, answer.Media!.Codec.Encoding, ignoreCase: true);
        Assert.Equal(payloadType, answer.Media.PayloadType);
        Assert.Equal(events, answer.Media.TelephoneEventPayloadType);
        Assert.Equal("192.0.2.10", answer.Media.RemoteAddress);
        Assert.Equal(30000, answer.Media.RemotePort);

        var reparsed = SessionDescription.Parse(answer.Description!.ToString());
        var audio = Assert.Single(reparsed.Media);
        Assert.Equal(40000, audio.Port);
        Assert.Equal(payloadType.ToString(System.Globalization.CultureInfo.InvariantCulture), audio.Formats[0]);
        Assert.Equal(events is null ? 1 : 2, audio.Formats.Count);
        Assert.Equal("10.0.0.5", reparsed.ConnectionAddress);
    }

    [Fact]
    public void Configured_preference_order_wins()
    {
        var narrowbandFirst = new SdpNegotiatorOptions { Codecs = [AudioCodec.Pcma, AudioCodec.Opus] };

        var answer = new SdpNegotiator(narrowbandFirst, "10.0.0.5").Answer(Offer([Opus, Pcmu, Pcma]), 40000);

        Assert.Equal("PCMA", answer.Media!.Codec.Encoding);
    }

    [Theory]
    [InlineData(new[] { "18 G729/8000" }, "No common audio codec")]
    [InlineData(new[] { "3 GSM/8000", "101 telephone-event/8000" }, "No common audio codec")]
    public void No_common_codec_is_a_488(string[] rtpmaps, string reason)
    {
        var answer = new SdpNegotiator(new SdpNegotiatorOptions(), "10.0.0.5").Answer(Offer(rtpmaps), 40000);

        Assert.False(answer.IsAccepted);
        Assert.Equal(reason, answer.RejectionReason);
        Assert.Equal(488, SdpAnswer.RejectionStatusCode);
    }

    [Theory]
    [InlineData("sendrecv", MediaDirection.SendRecv, MediaDirection.SendRecv)]
    [InlineData("sendonly", MediaDirection.SendRecv, MediaDirection.RecvOnly)]
    [InlineData("recvonly", MediaDirection.SendRecv, MediaDirection.SendOnly)]
    [InlineData("inactive", MediaDirection.SendRecv, MediaDirection.Inactive)]
    [InlineData("sendrecv", MediaDirection.SendOnly, MediaDirection.SendOnly)]
    [InlineData("sendonly", MediaDirection.SendOnly, MediaDirection.Inactive)]
    [InlineData(null, MediaDirection.SendRecv, MediaDirection.SendRecv)]
    public void Answer_direction_mirrors_the_offer(string? offered, MediaDirection local, MediaDirection expected)
    {
        var offer = Offer([Pcmu], offered);

        var answer = new SdpNegotiator(new SdpNegotiatorOptions(), "10.0.0.5").Answer(offer, 40000, local);

        Assert.Equal(expected, answer.Media!.Direction);
        Assert.Equal(expected, SessionDescription.Parse(answer.Description!.ToString()).Media[0].Direction);
    }

    [Fact]
    public void Old_style_hold_with_zero_address_is_inactive()
    {
        var offer = SessionDescription.Parse("v=0\r\no=- 1 2 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 30000 RTP/AVP 0\r\n");

        var answer = new SdpNegotiator(new SdpNegotiatorOptions(), "10.0.0.5").Answer(offer, 40000);

        Assert.Equal(MediaDirection.Inactive, answer.Media!.Direction);
        Assert.True(answer.Media.IsHeldByRemote);
    }

    [Fact]
    public void Video_is_rejected_with_port_zero_and_audio_kept_in_order()
    {
        var offer = SessionDescription.Parse("v=0\r\no=- 1 2 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n" +
                                             "m=video 30002 RTP/AVP 31\r\nm=audio 30000 RTP/AVP 0\r\na=ptime:30\r\n");

        var answer = new SdpNegotiator(new SdpNegotiatorOptions(), "10.0.0.5").Answer(offer, 40000);

        Assert.Equal(["video", "audio"], answer.Description!.Media.Select(m => m.Media));
        Assert.Equal(0, answer.Description.Media[0].Port);
        Assert.Equal(40000, answer.Description.Media[1].Port);
        Assert.Equal(30, answer.Media!.PTimeMilliseconds);
    }

    [Fact]
    public void Advertised_address_goes_in_c_and_o_lines()
    {
        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions { AdvertisedAddress = "203.0.113.7" }, "10.0.0.5");

        var offer = negotiator.CreateOffer(40000).ToString();

        Assert.Contains("c=IN IP4 203.0.113.7\r\n", offer, StringComparison.Ordinal);
        Assert.Contains(" IN IP4 203.0.113.7\r\ns=-", offer, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.5", offer, StringComparison.Ordinal);
    }

    [Fact]
    public void Offer_lists_wideband_first_and_answer_round_trips_through_the_offerer()
    {
        var us = new SdpNegotiator(new SdpNegotiatorOptions(), "10.0.0.5");
        var offer = us.CreateOffer(40000);
        Assert.Equal(["111", "9", "97", "0", "8", "101", "103", "102"], offer.Media[0].Formats);

        var them = new SdpNegotiator(new SdpNegotiatorOptions { Codecs = [AudioCodec.G722, AudioCodec.Pcmu] }, "192.0.2.99");
        var answer = them.Answer(SessionDescription.Parse(offer.ToString()), 50000, MediaDirection.RecvOnly);
        var media = us.ProcessAnswer(SessionDescription.Parse(answer.Description!.ToString()));

        Assert.NotNull(media);
        Assert.Equal("G722", media.Codec.Encoding);
        Assert.Equal(101, media.TelephoneEventPayloadType);
        Assert.Equal(("192.0.2.99", 50000), (media.RemoteAddress, media.RemotePort));
        Assert.Equal(MediaDirection.SendOnly, media.Direction);
    }

    [Fact]
    public void Session_version_moves_only_when_the_description_changes()
    {
        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions(), "10.0.0.5");

        var first = negotiator.CreateOffer(40000);
        var refresh = negotiator.CreateOffer(40000);
        var hold = negotiator.CreateOffer(40000, MediaDirection.SendOnly);

        Assert.Equal(first.Origin.SessionVersion, refresh.Origin.SessionVersion);
        Assert.Equal(first.Origin.SessionVersion + 1, hold.Origin.SessionVersion);
        Assert.Equal(first.Origin.SessionId, hold.Origin.SessionId);
    }

    [Theory]
    [InlineData("o=- 1 2 IN IP4 h\r\nv=0\r\n")]
    [InlineData("v=1\r\no=- 1 2 IN IP4 h\r\n")]
    [InlineData("v=0\r\no=- x 2 IN IP4 h\r\ns=-\r\n")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nc=IN IP4 h\r\nt=0 0\r\nm=audio port RTP/AVP 0\r\n")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nc=IN IP4 h\r\nt=0 0\r\nm=audio 1 RTP/AVP 200\r\n")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\n")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nc=IN IP4 h\r\nt=0 0\r\nm=audio 1 RTP/AVP 96\r\na=rtpmap:96 opus\r\n")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nbogus\r\n")]
    public void Malformed_sdp_is_a_parse_error(string text)
    {
        Assert.Throws<SipParseException>(() => SessionDescription.Parse(text));
    }

    [Fact]
    public void Unknown_lines_survive_a_round_trip()
    {
        const string text = "v=0\r\no=jdoe 2890844526 2890842807 IN IP4 10.47.16.5\r\ns=SDP Seminar\r\ni=A Seminar\r\n" +
                            "u=http://www.example.com/seminars/sdp.pdf\r\ne=j.doe@example.com (Jane Doe)\r\nc=IN IP4 224.2.17.12\r\n" +
                            "b=AS:128\r\nt=2873397496 2873404696\r\na=recvonly\r\nm=audio 49170 RTP/AVP 0\r\nb=TIAS:64000\r\n" +
                            "m=video 51372 RTP/AVP 99\r\na=rtpmap:99 h263-1998/90000\r\n";

        Assert.Equal(text, SessionDescription.Parse(text).ToString());
    }

    private static SessionDescription Offer(string[] rtpmaps, string? direction = null)
    {
        var formats = string.Join(' ', rtpmaps.Select(m => m.Split(' ')[0]));
        var text = "v=0\r\no=- 100 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n" +
                   $"m=audio 30000 RTP/AVP {formats}\r\n" +
                   string.Concat(rtpmaps.Where(m => m.Contains(' ', StringComparison.Ordinal)).Select(m => $"a=rtpmap:{m}\r\n")) +
                   (direction is null ? string.Empty : $"a={direction}\r\n");
        return SessionDescription.Parse(text);
    }
}
