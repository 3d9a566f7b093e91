using System.Net;
using CallCluster.Sip.Auth;
using CallCluster.Sip.Messages;

namespace CallCluster.Edge.Sip;

/// <summary>
/// Decides whether an inbound INVITE comes from one of our trunks: by source address (IP allow-list) first, then by
/// digest credentials. With no trunks configured every caller is admitted (development on loopback).
/// </summary>
public sealed class TrunkAuthenticator
{
    private readonly (SipTrunkOptions Trunk, IpAllowList Sources)[] _trunks;
    private readonly DigestAuthenticator _digest;
    private readonly bool _anyDigest;

    /// <exception cref="FormatException">An allow-list entry is not an address or CIDR range (the message names the trunk).</exception>
    public TrunkAuthenticator(IEnumerable<SipTrunkOptions> trunks, DigestServerOptions digest, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(trunks);
        _trunks = [.. trunks.Select(t =>
        {
            try
            {
                return (t, IpAllowList.Parse(t.AllowedSources));
            }
            catch (FormatException e)
            {
                throw new FormatException($"Trunk '{t.Name}': {e.Message}", e);
            }
        })];
        _digest = new DigestAuthenticator(digest, time);
        _anyDigest = _trunks.Any(t => t.Trunk.UserName is not null && t.Trunk.Password is not null);
    }

    public TrunkAdmission Admit(SipRequest request, IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        if (_trunks.Length == 0)
        {
            return new TrunkAdmission(TrunkAdmissionOutcome.Admitted, "open", []);
        }

        foreach (var (trunk, sources) in _trunks)
        {
            if (sources.Contains(source))
            {
                return new TrunkAdmission(TrunkAdmissionOutcome.Admitted, trunk.Name, []);
            }
        }

        if (!_anyDigest)
        {
            return new TrunkAdmission(TrunkAdmissionOutcome.Forbidden, null, []);
        }

        string? admittedBy = null;
        var verification = _digest.Verify(request, user =>
        {
            var trunk = Array.Find(_trunks, t => t.Trunk.UserName == user && t.Trunk.Password is not null).Trunk;
            admittedBy = trunk?.Name;
            return trunk?.Password;
        });
        return verification switch
        {
            DigestVerification.Success => new TrunkAdmission(TrunkAdmissionOutcome.Admitted, admittedBy, []),
            DigestVerification.Missing => new TrunkAdmission(TrunkAdmissionOutcome.Challenge, null, _digest.CreateChallenges()),
            DigestVerification.Stale => new TrunkAdmission(TrunkAdmissionOutcome.Challenge, null, _digest.CreateChallenges(stale: true)),
            _ => new TrunkAdmission(TrunkAdmissionOutcome.Forbidden, null, []),
        };
    }
}
