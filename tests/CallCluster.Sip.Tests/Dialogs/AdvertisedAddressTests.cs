using CallCluster.Sip.Dialogs;
using CallCluster.Sip.Messages;
using CallCluster.Testing;

namespace CallCluster.Sip.Tests.Dialogs;

/// <summary>A UA behind NAT advertises its public host and port in Contact and Via; rport still routes the responses.</summary>
public sealed class AdvertisedAddressTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Contact_and_via_carry_the_advertised_address_and_the_call_still_works_both_ways()
    {
        await using var pair = new UserAgentPair(
            TimeProvider.System,
            calleeOptions: new SipUserAgentOptions { AdvertisedHost = "198.51.100.20", AdvertisedPort = 5070 },
            callerOptions: new SipUserAgentOptions { AdvertisedHost = "203.0.113.7", AdvertisedPort = 5999 });

        var caller = await Eventually.WithinAsync(pair.CallAsync(), Wait, "the call to be answered");
        var callee = await pair.CalleeCallAckedAsync(Wait);

        var invite = pair.Handler.Incoming[0].Invite;
        var via = ViaHeader.Parse(invite.Headers.Get(SipHeaderNames.Via)!);
        Assert.Equal(("203.0.113.7", 5999), (via.Host, via.Port));
        Assert.Equal(("203.0.113.7", 5999), (callee.Dialog.RemoteTarget.Host, callee.Dialog.RemoteTarget.Port));
        Assert.Equal(("198.51.100.20", 5070), (caller.Dialog.RemoteTarget.Host, caller.Dialog.RemoteTarget.Port));

        // The callee's BYE goes where the INVITE came from (the NAT binding), not to the advertised Contact.
        await callee.ByeAsync();
        Assert.Equal("remote hangup", await Eventually.WithinAsync(caller.Ended, Wait, "the caller to see the callee's BYE"));
    }

    [Fact]
    public async Task Without_an_advertised_address_contact_names_the_socket()
    {
        await using var pair = new UserAgentPair(TimeProvider.System);

        var caller = await Eventually.WithinAsync(pair.CallAsync(), Wait, "the call to be answered");

        Assert.Equal(pair.CalleeTransport.LocalEndPoint.Port, caller.Dialog.RemoteTarget.Port);
        Assert.Equal("127.0.0.1", caller.Dialog.RemoteTarget.Host);
        await caller.ByeAsync();
    }
}
