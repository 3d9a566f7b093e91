using System.Net;
using CallCluster.Sip.Auth;
using CallCluster.Sip.Messages;
using CallCluster.Testing;

namespace CallCluster.Sip.Tests.Auth;

public sealed class DigestTests
{
    [Fact]
    public void Rfc2617_md5_vector()
    {
        var response = DigestCalculator.Response(DigestAlgorithm.Md5, "Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
            "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b");

        Assert.Equal("6629fae49393a05397450978507c4ef1", response);
    }

    [Theory]
    [InlineData(DigestAlgorithm.Md5, "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData(DigestAlgorithm.Sha256, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Rfc7616_vectors(DigestAlgorithm algorithm, string expected)
    {
        var response = DigestCalculator.Response(algorithm, "Mufasa", "http-auth@example.org", "Circle of Life", "GET",
            "/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "auth", "00000001",
            "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");

        Assert.Equal(expected, response);
    }

    [Fact]
    public void Client_answers_the_strongest_challenge_and_server_accepts_it()
    {
        var (server, _) = NewServer();
        var request = NewInvite();
        Assert.Equal(DigestVerification.Missing, server.Verify(request, Passwords));

        var challenges = RoundTrip(server.CreateChallenges());
        var client = new DigestClient("trunk1", "s3cret");
        var authorization = client.Respond(challenges, request.Method, request.RequestUri.ToString())!;
        request.Headers.Set(SipHeaderNames.Authorization, authorization.ToString());

        Assert.Equal("SHA-256", authorization.Get("algorithm"));
        Assert.Equal(DigestVerification.Success, server.Verify(SipMessageParser.ParseRequest(request.ToArray()), Passwords));
    }

    [Fact]
    public void Md5_only_client_challenge_also_verifies()
    {
        var (server, _) = NewServer();
        var request = NewInvite();
        var md5Only = RoundTrip(server.CreateChallenges()).Where(c => c.Get("algorithm") == "MD5");

        request.Headers.Set(SipHeaderNames.Authorization, new DigestClient("trunk1", "s3cret").Respond(md5Only, "INVITE", request.RequestUri.ToString())!.ToString());

        Assert.Equal(DigestVerification.Success, server.Verify(request, Passwords));
    }

    [Fact]
    public void Replayed_nonce_count_is_rejected_and_a_higher_one_accepted()
    {
        var (server, _) = NewServer();
        var challenges = RoundTrip(server.CreateChallenges());
        var client = new DigestClient("trunk1", "s3cret");
        var first = NewInvite();
        first.Headers.Set(SipHeaderNames.Authorization, client.Respond(challenges, "INVITE", first.RequestUri.ToString())!.ToString());

        Assert.Equal(DigestVerification.Success, server.Verify(first, Passwords));
        Assert.Equal(DigestVerification.Rejected, server.Verify(first, Passwords));

        var second = NewInvite();
        var next = client.Respond(challenges, "INVITE", second.RequestUri.ToString())!;
        second.Headers.Set(SipHeaderNames.Authorization, next.ToString());
        Assert.Equal("00000002", next.Get("nc"));
        Assert.Equal(DigestVerification.Success, server.Verify(second, Passwords));
    }

    [Fact]
    public void Expired_nonce_is_stale_and_stale_challenge_says_so()
    {
        var (server, time) = NewServer();
        var request = NewInvite();
        request.Headers.Set(SipHeaderNames.Authorization,
            new DigestClient("trunk1", "s3cret").Respond(RoundTrip(server.CreateChallenges()), "INVITE", request.RequestUri.ToString())!.ToString());

        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.Equal(DigestVerification.Stale, server.Verify(request, Passwords));
        Assert.All(server.CreateChallenges(stale: true), c => Assert.Equal("TRUE", c.Get("stale")));
    }

    [Theory]
    [InlineData("wrong", "trunk1", null, null)]
    [InlineData("s3cret", "nobody", null, null)]
    [InlineData("s3cret", "trunk1", "sip:other@example.com", null)]
    [InlineData("s3cret", "trunk1", null, "forged")]
    public void Bad_credentials_are_rejected(string password, string user, string? uriOverride, string? nonceOverride)
    {
        var (server, _) = NewServer();
        var request = NewInvite();
        var challenges = RoundTrip(server.CreateChallenges()).ToList();
        if (nonceOverride is not null)
        {
            challenges = [AuthHeaderValue.Parse($"Digest realm=\"edge.example\", nonce=\"{nonceOverride}\", algorithm=MD5, qop=\"auth\"")];
        }

        var authorization = new DigestClient(user, password).Respond(challenges, "INVITE", uriOverride ?? request.RequestUri.ToString())!;
        request.Headers.Set(SipHeaderNames.Authorization, authorization.ToString());

        Assert.Equal(DigestVerification.Rejected, server.Verify(request, Passwords));
    }

    [Fact]
    public void Nonce_signed_with_a_shared_key_verifies_on_another_edge()
    {
        var key = new byte[32];
        key[0] = 7;
        var time = new ManualTimeProvider();
        var edgeA = new DigestAuthenticator(new DigestServerOptions { Realm = "edge.example", NonceKey = key }, time);
        var edgeB = new DigestAuthenticator(new DigestServerOptions { Realm = "edge.example", NonceKey = key }, time);
        var request = NewInvite();
        request.Headers.Set(SipHeaderNames.Authorization,
            new DigestClient("trunk1", "s3cret").Respond(RoundTrip(edgeA.CreateChallenges()), "INVITE", request.RequestUri.ToString())!.ToString());

        Assert.Equal(DigestVerification.Success, edgeB.Verify(request, Passwords));
    }

    [Fact]
    public void Ip_allow_list_matches_cidrs_single_addresses_and_mapped_ipv4()
    {
        var list = IpAllowList.Parse(["203.0.113.0/24", "198.51.100.7", "2001:db8::/32"]);

        Assert.True(list.Contains(IPAddress.Parse("203.0.113.200")));
        Assert.True(list.Contains(IPAddress.Parse("198.51.100.7")));
        Assert.True(list.Contains(IPAddress.Parse("::ffff:203.0.113.9")));
        Assert.True(list.Contains(IPAddress.Parse("2001:db8:1::5")));
        Assert.False(list.Contains(IPAddress.Parse("198.51.100.8")));
        Assert.False(list.Contains(IPAddress.Parse("192.0.2.1")));
        Assert.Throws<FormatException>(() => IpAllowList.Parse(["not-an-ip"]));
    }

    [Fact]
    public void Rate_limiter_allows_a_burst_then_the_sustained_rate_per_source()
    {
        var time = new ManualTimeProvider();
        var limiter = new SourceRateLimiter(tokensPerSecond: 2, burst: 3, time);
        var noisy = IPAddress.Parse("192.0.2.1");
        var quiet = IPAddress.Parse("192.0.2.2");

        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => limiter.TryAcquire(noisy)));
        Assert.True(limiter.TryAcquire(quiet));

        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(limiter.TryAcquire(noisy));
        Assert.False(limiter.TryAcquire(noisy));

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(limiter.TryAcquire(IPAddress.Parse("192.0.2.3")));
        Assert.Equal(1, limiter.TrackedSources);
    }

    private static string? Passwords(string user) => user == "trunk1" ? "s3cret" : null;

    private static (DigestAuthenticator Server, ManualTimeProvider Time) NewServer()
    {
        var time = new ManualTimeProvider();
        return (new DigestAuthenticator(new DigestServerOptions { Realm = "edge.example" }, time), time);
    }

    private static IEnumerable<AuthHeaderValue> RoundTrip(IEnumerable<AuthHeaderValue> values) =>
        values.Select(v => AuthHeaderValue.Parse(v.ToString())).ToList();

    private static SipRequest NewInvite()
    {
        var request = new SipRequest(SipMethods.Invite, SipUri.Parse("sip:+15550100@edge.example"));
        request.Headers.Add(SipHeaderNames.Via, "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1");
        request.Headers.Add(SipHeaderNames.From, "<sip:trunk1@carrier.example>;tag=1");
        request.Headers.Add(SipHeaderNames.To, "<sip:+15550100@edge.example>");
        request.Headers.Add(SipHeaderNames.CallId, "auth-test");
        request.Headers.Add(SipHeaderNames.CSeq, "1 INVITE");
        return request;
    }
}
