using System.Net;

namespace CallCluster.Sip.Auth;

/// <summary>Trunk source addresses allowed without digest (carriers that authenticate by IP), as CIDR ranges.</summary>
public sealed class IpAllowList
{
    private readonly IPNetwork[] _networks;

    public IpAllowList(IEnumerable<IPNetwork> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        _networks = [.. networks];
    }

    /// <summary>Parses entries like "203.0.113.0/24", "2001:db8::/32" or a single address.</summary>
    public static IpAllowList Parse(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return new IpAllowList(entries.Select(entry =>
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                return network;
            }

            if (IPAddress.TryParse(entry, out var address))
            {
                return new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            }

            throw new FormatException($"'{entry}' is not an IP address or CIDR range.");
        }));
    }

    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _networks.Any(n => n.Contains(normalized));
    }
}
