namespace CallCluster.Sip.Auth;

/// <summary>Trunk authentication settings for inbound requests.</summary>
public sealed class DigestServerOptions
{
    /// <summary>The realm in challenges. Default "callcluster"; set it to the edge's domain in production.</summary>
    public string Realm { get; init; } = "callcluster";

    /// <summary>
    /// Algorithms challenged, strongest first (one WWW-Authenticate each, RFC 8760). Default SHA-256 then MD5:
    /// many trunks still only do MD5.
    /// </summary>
    public IReadOnlyList<DigestAlgorithm> Algorithms { get; init; } = [DigestAlgorithm.Sha256, DigestAlgorithm.Md5];

    /// <summary>How long a nonce is accepted. Default 5 minutes: long enough for a slow retry, short enough to bound replay.</summary>
    public TimeSpan NonceLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The key nonces are signed with, so any edge of a cluster can verify them. Default null: a random key per
    /// process (nonces then only verify on the edge that issued them).
    /// </summary>
    public byte[]? NonceKey { get; init; }
}
