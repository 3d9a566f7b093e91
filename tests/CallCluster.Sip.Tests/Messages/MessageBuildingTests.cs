using System.Buffers;
using System.Text;
using CallCluster.Sip.Messages;

namespace CallCluster.Sip.Tests.Messages;

public sealed class MessageBuildingTests
{
    [Fact]
    public void Built_request_serializes_with_matching_content_length_and_parses_back()
    {
        var request = NewInvite("v=0\r\n"u8.ToArray());

        var text = request.ToString();
        var parsed = SipMessageParser.ParseRequest(Encoding.UTF8.GetBytes(text));

        Assert.Contains("Content-Length: 5\r\n\r\nv=0\r\n", text, StringComparison.Ordinal);
        Assert.Equal("INVITE sip:+15550100@trunk.example.com;transport=udp SIP/2.0", text[..text.IndexOf('\r', StringComparison.Ordinal)]);
        Assert.Equal("z9hG4bKabc", parsed.TopVia.Branch);
        Assert.True(parsed.TopVia.HasRPort);
        Assert.Equal("Alice \"A\"", parsed.From.DisplayName);
        Assert.Equal(new SessionExpiresHeader(1800, "uac"), parsed.SessionExpires);
        Assert.Equal(90, parsed.MinSE);
        Assert.Equal(["timer", "replaces"], parsed.Supported);
        Assert.True(parsed.Supports("TIMER"));
    }

    [Fact]
    public void Compact_forms_and_comma_lists_normalize()
    {
        var raw = "OPTIONS sip:a@b.example SIP/2.0\r\nv: SIP/2.0/UDP h1;branch=z9hG4bK1, SIP/2.0/TCP h2:5070;branch=z9hG4bK2;received=10.0.0.1;rport=5071\r\n" +
                  "f: <sip:x@y>;tag=1\r\nt: <sip:a@b.example>\r\ni: c1\r\nCSeq: 2 OPTIONS\r\nk: timer,100rel\r\n" +
                  "m: <sip:x@10.0.0.2;transport=tcp>;expires=60, \"Two, Words\" <sip:y@h>\r\nx: 120;refresher=uas\r\nl: 0\r\n\r\n";

        var message = SipMessageParser.Parse(Encoding.ASCII.GetBytes(raw));

        Assert.Equal(2, message.Vias.Count);
        Assert.Equal(5070, message.Vias[1].Port);
        Assert.Equal("10.0.0.1", message.Vias[1].Received);
        Assert.Equal(5071, message.Vias[1].RPort);
        Assert.Equal(["timer", "100rel"], message.Supported);
        Assert.Equal(2, message.Contacts.Count);
        Assert.Equal("Two, Words", message.Contacts[1].DisplayName);
        Assert.Equal("tcp", message.Contacts[0].Uri.Parameters.Get("transport"));
        Assert.Equal(new SessionExpiresHeader(120, "uas"), message.SessionExpires);
        Assert.Equal("c1", message.CallId);
    }

    [Fact]
    public void Response_for_request_copies_dialog_headers_and_adds_to_tag()
    {
        var request = NewInvite(default);

        var response = SipResponse.CreateFor(request, 180, toTag: "as83");
        var parsed = SipMessageParser.ParseResponse(response.ToArray());

        Assert.Equal(180, parsed.StatusCode);
        Assert.Equal("Ringing", parsed.ReasonPhrase);
        Assert.Equal("as83", parsed.To.Tag);
        Assert.Equal(request.From.Tag, parsed.From.Tag);
        Assert.Equal(request.CallId, parsed.CallId);
        Assert.Equal(request.CSeq, parsed.CSeq);
        Assert.Equal("z9hG4bKabc", parsed.TopVia.Branch);
    }

    [Theory]
    [InlineData("sip:alice@atlanta.com")]
    [InlineData("sip:alice:secretword@atlanta.com;transport=tcp")]
    [InlineData("sips:alice@atlanta.com?subject=project%20x&priority=urgent")]
    [InlineData("sip:+1-212-555-1212:1234@gateway.com;user=phone")]
    [InlineData("sip:alice@192.0.2.4:5061")]
    [InlineData("sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com")]
    [InlineData("sip:alice;day=tuesday@atlanta.com")]
    [InlineData("sip:[2001:db8::10]:5070;lr")]
    [InlineData("tel:+1-201-555-0123;phone-context=example.com")]
    [InlineData("urn:service:sos")]
    public void Uri_round_trips_exactly(string text)
    {
        Assert.Equal(text, SipUri.Parse(text).ToString());
    }

    [Theory]
    [InlineData("sip:")]
    [InlineData("sip:alice@")]
    [InlineData("sip:alice@host:99999")]
    [InlineData("sip:alice@ho st")]
    [InlineData("sip:al ice@host")]
    [InlineData("sip:alice@host;=x")]
    [InlineData("sip:alice@host;a=")]
    [InlineData("sip:%zz@host")]
    [InlineData("sip:alice@[::1")]
    [InlineData("tel:")]
    [InlineData("nocolon")]
    public void Bad_uris_are_rejected(string text)
    {
        Assert.Throws<SipParseException>(() => SipUri.Parse(text));
    }

    [Fact]
    public void Stream_framer_splits_back_to_back_messages_and_waits_for_more()
    {
        var first = NewInvite("v=0\r\n"u8.ToArray()).ToArray();
        var second = SipResponse.CreateFor(NewInvite(default), 200).ToArray();
        var stream = new byte[] { 13, 10, 13, 10 }.Concat(first).Concat(second).ToArray();

        var buffer = new ReadOnlySequence<byte>(stream.AsMemory(0, stream.Length - 3));
        Assert.True(SipStreamFramer.TryRead(ref buffer, out var one));
        Assert.IsType<SipRequest>(one);
        Assert.Equal("v=0\r\n"u8.ToArray(), one!.Body.ToArray());
        Assert.False(SipStreamFramer.TryRead(ref buffer, out _));
        Assert.Equal(second.Length - 3, buffer.Length);

        buffer = new ReadOnlySequence<byte>(stream.AsMemory(stream.Length - second.Length));
        Assert.True(SipStreamFramer.TryRead(ref buffer, out var two));
        Assert.Equal(200, ((SipResponse)two!).StatusCode);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Stream_framer_requires_content_length_and_bounds_header_size()
    {
        var noLength = new ReadOnlySequence<byte>("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n\r\n"u8.ToArray());
        Assert.Equal("Missing Content-Length", Assert.Throws<SipParseException>(() => SipStreamFramer.TryRead(ref noLength, out _)).ReasonPhrase);

        var endless = new ReadOnlySequence<byte>(Enumerable.Repeat((byte)'a', SipStreamFramer.MaxHeaderBytes + 10).ToArray());
        Assert.Throws<SipParseException>(() => SipStreamFramer.TryRead(ref endless, out _));
    }

    private static SipRequest NewInvite(ReadOnlyMemory<byte> body)
    {
        var request = new SipRequest(SipMethods.Invite, SipUri.Parse("sip:+15550100@trunk.example.com;transport=udp"));
        request.Headers.Add(SipHeaderNames.Via, "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKabc;rport");
        request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        var from = new NameAddress(SipUri.Parse("sip:alice@example.com"), "Alice \"A\"") { Tag = "f1" };
        request.Headers.Add(SipHeaderNames.From, from.ToString());
        request.Headers.Add(SipHeaderNames.To, "<sip:+15550100@trunk.example.com>");
        request.Headers.Add(SipHeaderNames.CallId, "abc123@192.0.2.1");
        request.Headers.Add(SipHeaderNames.CSeq, new CSeqHeader(1, SipMethods.Invite).ToString());
        request.Headers.Add(SipHeaderNames.SessionExpires, "1800;refresher=uac");
        request.Headers.Add(SipHeaderNames.MinSE, "90");
        request.Headers.Add(SipHeaderNames.Supported, "timer");
        request.Headers.Add(SipHeaderNames.Supported, "replaces");
        if (!body.IsEmpty)
        {
            request.Headers.Add(SipHeaderNames.ContentType, "application/sdp");
        }

        request.Body = body;
        return request;
    }
}
