using System.Globalization;

namespace CallCluster.Sip.Sdp;

/// <summary>o=username sess-id sess-version nettype addrtype unicast-address.</summary>
public sealed record SdpOrigin(string UserName, ulong SessionId, ulong SessionVersion, string AddressType, string Address)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{UserName} {SessionId} {SessionVersion} IN {AddressType} {Address}");
}
