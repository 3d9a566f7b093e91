using System.Net;
using CallCluster.Edge.Sip;
using CallCluster.Sip.Auth;
using CallCluster.Sip.Messages;

namespace CallCluster.Edge.Tests.Sip;

public sealed class TrunkAuthenticatorTests
{
    private static readonly SipRequest Invite = new(SipMethods.Invite, SipUri.Parse("sip:agent@127.0.0.1:5080"));

    [Fact]
    public void No_trunks_admit_everyone()
    {
        var admission = new TrunkAuthenticator([], new DigestServerOptions(), TimeProvider.System).Admit(Invite, IPAddress.Parse("198.51.100.7"));

        Assert.Equal(TrunkAdmissionOutcome.Admitted, admission.Outcome);
    }

    [Fact]
    public void An_allowed_source_is_admitted_by_its_trunk_and_others_are_forbidden_without_digest()
    {
        var trunks = new TrunkAuthenticator([new SipTrunkOptions { Name = "carrier", AllowedSources = ["203.0.113.0/24"] }], new DigestServerOptions(), TimeProvider.System);

        Assert.Equal(new TrunkAdmission(TrunkAdmissionOutcome.Admitted, "carrier", []), trunks.Admit(Invite, IPAddress.Parse("203.0.113.9")) with { Challenges = [] });
        Assert.Equal(TrunkAdmissionOutcome.Forbidden, trunks.Admit(Invite, IPAddress.Parse("198.51.100.7")).Outcome);
    }

    [Fact]
    public void A_digest_trunk_challenges_a_request_without_credentials()
    {
        var trunks = new TrunkAuthenticator([new SipTrunkOptions { Name = "pbx", UserName = "u", Password = "p" }], new DigestServerOptions(), TimeProvider.System);

        var admission = trunks.Admit(Invite, IPAddress.Loopback);

        Assert.Equal(TrunkAdmissionOutcome.Challenge, admission.Outcome);
        Assert.NotEmpty(admission.Challenges);
    }

    [Fact]
    public void A_bad_allow_list_entry_names_its_trunk()
    {
        var error = Assert.Throws<FormatException>(() =>
            new TrunkAuthenticator([new SipTrunkOptions { Name = "carrier", AllowedSources = ["not-an-address"] }], new DigestServerOptions(), TimeProvider.System));

        Assert.Contains("carrier", error.Message, StringComparison.Ordinal);
    }
}
