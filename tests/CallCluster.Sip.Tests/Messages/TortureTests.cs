using CallCluster.Sip.Messages;

namespace CallCluster.Sip.Tests.Messages;

public sealed class TortureTests
{
    // Each invalid vector must fail for its own reason, not by accident on some other line.
    private static readonly Dictionary<string, string> ExpectedReasons = new(StringComparer.Ordinal)
    {
        ["badaspec"] = "Invalid URI scheme",
        ["baddate"] = "Invalid Date",
        ["baddn"] = "Display name must be quoted",
        ["badinv01"] = "Empty value in Via",
        ["badport"] = "Invalid port",
        ["badvers"] = "Version Not Supported",
        ["badvia"] = "Via protocol must be SIP/2.0",
        ["bareLF"] = "Bare CR or LF in header",
        ["bigcode"] = "Invalid status code",
        ["clerr"] = "Content-Length larger than message",
        ["escruri"] = "Request-URI must not contain headers",
        ["insuf"] = "Missing From",
        ["ltgtruri"] = "Invalid URI scheme",
        ["lwsruri"] = "Malformed Request-Line",
        ["lwsstart"] = "Malformed Request-Line",
        ["maxfwd300"] = "Invalid Max-Forwards",
        ["mismatch01"] = "CSeq method does not match request method",
        ["mismatch02"] = "CSeq method does not match request method",
        ["multi01"] = "Multiple From headers",
        ["ncl"] = "Invalid Content-Length",
        ["nocolon"] = "Header line without ':'",
        ["quotbal"] = "Unterminated quoted display name",
        ["regbadct"] = "Address with ',', '?' or spaces must be in angle brackets",
        ["scalar02"] = "Invalid CSeq number",
        ["scalarlg"] = "Invalid CSeq number",
        ["trws"] = "Malformed Request-Line",
    };

    public static TheoryData<string> ValidNames() => [.. TortureVectors.ValidNames()];

    public static TheoryData<string, int> InvalidNames()
    {
        var data = new TheoryData<string, int>();
        foreach (var (name, status) in TortureVectors.InvalidNames())
        {
            data.Add(name, status);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_vector_parses_and_round_trips(string name)
    {
        var message = SipMessageParser.Parse(TortureVectors.Valid(name));

        var reparsed = SipMessageParser.Parse(message.ToArray());

        Assert.Equal(message.ToString(), reparsed.ToString());
        Assert.Equal(message.CallId, reparsed.CallId);
        Assert.Equal(message.CSeq, reparsed.CSeq);
        Assert.Equal(message.Body.ToArray(), reparsed.Body.ToArray());
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Invalid_vector_is_rejected_with_status(string name, int status)
    {
        var error = Assert.Throws<SipParseException>(() => SipMessageParser.Parse(TortureVectors.Invalid(name, status)));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(ExpectedReasons[name], error.ReasonPhrase);
    }

    [Fact]
    public void Short_tortuous_invite_has_the_right_values()
    {
        var request = (SipRequest)SipMessageParser.Parse(TortureVectors.Valid("wsinv"));

        Assert.Equal("INVITE", request.Method);
        Assert.Equal("vivekg", request.RequestUri.User);
        Assert.Equal("chair-dnrc.example.com", request.RequestUri.Host);
        Assert.True(request.RequestUri.Parameters.Contains("unknownparam"));
        Assert.Equal("1918181833n", request.To.Tag);
        Assert.Equal("J Rosenberg \\\"", request.From.DisplayName);
        Assert.Equal("98asjd8", request.From.Tag);
        Assert.Equal("jdrosen", request.From.Uri.User);
        Assert.Equal(68, request.MaxForwards);
        Assert.Equal("wsinv.ndaksdj@192.0.2.1", request.CallId);
        Assert.Equal(new CSeqHeader(9, "INVITE"), request.CSeq);
        Assert.Equal(150, request.Body.Length);
        Assert.Equal(string.Empty, request.Headers.Get(SipHeaderNames.Subject));
        Assert.Equal("newfangled value continued newfangled value", request.Headers.Get("NewFangledHeader"));
        Assert.Equal(";;,,;;,;", request.Headers.Get("UnknownHeaderWithUnusualValue"));
        Assert.True(request.ContentType!.Is("application/sdp"));

        var vias = request.Vias;
        Assert.Equal(3, vias.Count);
        Assert.Equal(("UDP", "192.0.2.2", "390skdjuw"), (vias[0].Transport, vias[0].Host, vias[0].Branch));
        Assert.Equal(("TCP", "spindle.example.com", "z9hG4bK9ikj8"), (vias[1].Transport, vias[1].Host, vias[1].Branch));
        Assert.Equal(("UDP", "192.168.255.111", "z9hG4bK30239"), (vias[2].Transport, vias[2].Host, vias[2].Branch));
        Assert.False(vias[0].HasMagicCookie);
        Assert.True(vias[1].HasMagicCookie);

        var route = Assert.Single(request.Routes);
        Assert.True(route.Uri.Parameters.Contains("lr"));
        Assert.Equal("value", route.Uri.Parameters.Get("unknownwith"));
        Assert.True(route.Uri.Parameters.Contains("unknown-no-value"));

        var contact = Assert.Single(request.Contacts);
        Assert.Equal("Quoted string \"\"", contact.DisplayName);
        Assert.Equal("newvalue", contact.Parameters.Get("newparam"));
        Assert.True(contact.Parameters.Contains("secondparam"));
        Assert.Null(contact.Parameters.Get("secondparam"));
        Assert.Equal("0.33", contact.Parameters.Get("q"));
    }

    [Fact]
    public void Wide_range_of_valid_characters()
    {
        var request = (SipRequest)SipMessageParser.Parse(TortureVectors.Valid("intmeth"));

        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", request.Method);
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", request.RequestUri.User);
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", request.RequestUri.Password);
        Assert.Equal("BEL:\a NUL:\0 DEL:\x7f", request.To.DisplayName);
        Assert.Equal("token1~` token2'+_ token3*%!.-", request.From.DisplayName);
        Assert.Equal("_token~1'+`*%!-.", request.From.Tag);
        Assert.Equal("работающий", request.From.Parameters.GetUnquoted("fromParam''~+*_!.-%"));
        Assert.Equal("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", request.CallId);
        Assert.Equal(255, request.MaxForwards);
        Assert.Equal("大停電", request.Headers.Get("extensionHeader-!.%*+_`'~"));
        Assert.Equal("z9hG4bK-.!%66*_+`'~", request.TopVia.Branch);
    }

    [Fact]
    public void Escapes_stay_escaped_in_uris()
    {
        var request = (SipRequest)SipMessageParser.Parse(TortureVectors.Valid("esc01"));

        Assert.Equal("sips%3Auser%40example.com", request.RequestUri.User);
        Assert.Equal("example.net", request.RequestUri.Host);
        Assert.Equal("%75se%72", request.To.Uri.User);
        Assert.Equal("I%20have%20spaces", request.From.Uri.User);
        Assert.Equal("esc01.239409asdfakjkn23onasd0-3234", request.CallId);
        var contact = Assert.Single(request.Contacts);
        Assert.True(contact.Uri.Parameters.Contains("%6C%72"));
        Assert.Equal("v%61lue%25%34%31", contact.Uri.Parameters.Get("n%61me"));
    }

    [Fact]
    public void Escaped_null_and_percent_in_method_are_accepted()
    {
        var register = (SipRequest)SipMessageParser.Parse(TortureVectors.Valid("escnull"));
        Assert.Equal("null-%00-null", register.To.Uri.User);
        Assert.Equal(2, register.Contacts.Count);

        var unknown = (SipRequest)SipMessageParser.Parse(TortureVectors.Valid("esc02"));
        Assert.Equal("RE%47IST%45R", unknown.Method);
        Assert.Equal("%Z%45", unknown.To.DisplayName);
        Assert.Equal(2, unknown.Contacts.Count);
        Assert.Equal("<sip:alias2@host2.example.com>", unknown.Headers.Get("C%6Fntact"));
        Assert.True(unknown.TopVia.HasRPort);
        Assert.Null(unknown.TopVia.RPort);
    }

    [Fact]
    public void Display_name_without_space_and_semicolon_in_user()
    {
        var lwsdisp = SipMessageParser.Parse(TortureVectors.Valid("lwsdisp"));
        Assert.Equal("caller", lwsdisp.From.DisplayName);
        Assert.Equal("323", lwsdisp.From.Tag);

        var semiuri = (SipRequest)SipMessageParser.Parse(TortureVectors.Valid("semiuri"));
        Assert.Equal("user;par=u%40example.net", semiuri.RequestUri.User);
        Assert.Equal("example.com", semiuri.RequestUri.Host);
        Assert.Equal(6, semiuri.Headers.GetAll(SipHeaderNames.Accept).Count);
    }

    [Fact]
    public void Transports_and_responses_without_reason()
    {
        var transports = SipMessageParser.Parse(TortureVectors.Valid("transports"));
        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], transports.Vias.Select(v => v.Transport));

        var noReason = (SipResponse)SipMessageParser.Parse(TortureVectors.Valid("noreason"));
        Assert.Equal(100, noReason.StatusCode);
        Assert.Equal(string.Empty, noReason.ReasonPhrase);

        var unusualReason = (SipResponse)SipMessageParser.Parse(TortureVectors.Valid("unreason"));
        Assert.Equal(200, unusualReason.StatusCode);
        Assert.Equal("= 2**3 * 5**2 но сто девяносто девять - простое", unusualReason.ReasonPhrase);
    }

    [Fact]
    public void Datagram_with_two_requests_keeps_only_the_first()
    {
        var request = (SipRequest)SipMessageParser.Parse(TortureVectors.Valid("dblreq"));

        Assert.Equal("REGISTER", request.Method);
        Assert.True(request.Body.IsEmpty);
        Assert.Equal("dblreq.0ha0isndaksdj99sdfafnl3lk233412", request.CallId);
    }

    [Fact]
    public void Multipart_body_splits_into_parts()
    {
        var message = SipMessageParser.Parse(TortureVectors.Valid("mpart01"));

        var parts = MultipartBody.Parse(message.ContentType!, message.Body.Span);

        Assert.Equal(2, parts.Count);
        Assert.True(parts[0].ContentType!.Is("application/sdp"));
        Assert.StartsWith("v=0\r\n", System.Text.Encoding.ASCII.GetString(parts[0].Body.Span), StringComparison.Ordinal);
        Assert.True(parts[1].ContentType!.Is("application/octet-stream"));
        Assert.Equal(new byte[] { 0x30, 0x82, 0x01, 0x52, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x0d, 0x0a, 0x00, 0xff }, parts[1].Body.ToArray());

        var rewritten = MultipartBody.Write("7a9cbec02ceef655", parts);
        var again = MultipartBody.Parse(message.ContentType!, rewritten);
        Assert.Equal(parts[1].Body.ToArray(), again[1].Body.ToArray());
        Assert.Equal(parts[0].Body.ToArray(), again[0].Body.ToArray());
    }

    [Fact]
    public void Zero_max_forwards_and_unknown_auth_scheme_parse()
    {
        Assert.Equal(0, SipMessageParser.Parse(TortureVectors.Valid("zeromf")).MaxForwards);
        var auth = SipMessageParser.Parse(TortureVectors.Valid("regaut01")).Authorization!;
        Assert.Equal("NoOneKnowsThisScheme", auth.Scheme);
        Assert.Equal("here", auth.Get("opaque-data"));
    }

    [Fact]
    public void Long_values_parse()
    {
        var longUser = new string('u', 3000);
        var longTag = new string('t', 2000);
        var vias = string.Join("\r\n", Enumerable.Range(0, 50).Select(i => $"Via: SIP/2.0/UDP host{i}.example.com;branch=z9hG4bK{i}"));
        var text = $"INVITE sip:{longUser}@example.com SIP/2.0\r\n{vias}\r\nTo: <sip:{longUser}@example.com>\r\nFrom: <sip:a@example.com>;tag={longTag}\r\n" +
                   "Call-ID: longreq.one\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";

        var request = SipMessageParser.ParseRequest(System.Text.Encoding.ASCII.GetBytes(text));

        Assert.Equal(longUser, request.RequestUri.User);
        Assert.Equal(longTag, request.From.Tag);
        Assert.Equal(50, request.Vias.Count);
    }
}
