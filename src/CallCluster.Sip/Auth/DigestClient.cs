using System.Globalization;
using System.Security.Cryptography;
using CallCluster.Sip.Messages;

namespace CallCluster.Sip.Auth;

/// <summary>
/// Answers a 401/407 challenge for outbound calls: picks the strongest algorithm offered, counts nc per nonce,
/// and builds the Authorization (or Proxy-Authorization) value.
/// </summary>
public sealed class DigestClient
{
    private readonly string _userName;
    private readonly string _password;
    private string? _nonce;
    private int _nonceCount;

    public DigestClient(string userName, string password)
    {
        _userName = userName;
        _password = password;
    }

    /// <summary>
    /// Picks from the challenges in a 401/407 (several WWW-Authenticate values may be offered, one per algorithm)
    /// the strongest we support, and answers it. Null when none is a Digest challenge we can answer.
    /// </summary>
    public AuthHeaderValue? Respond(IEnumerable<AuthHeaderValue> challenges, string method, string uri)
    {
        ArgumentNullException.ThrowIfNull(challenges);
        var usable = challenges
            .Where(c => c.Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase) && c.Get("nonce") is not null && c.Get("realm") is not null)
            .Select(c => (Challenge: c, Algorithm: DigestAlgorithmNames.FromWireName(c.Get("algorithm"))))
            .Where(c => c.Algorithm is not null)
            .OrderByDescending(c => c.Algorithm)
            .FirstOrDefault();
        return usable.Challenge is null ? null : Respond(usable.Challenge, usable.Algorithm!.Value, method, uri);
    }

    private AuthHeaderValue Respond(AuthHeaderValue challenge, DigestAlgorithm algorithm, string method, string uri)
    {
        var realm = challenge.Get("realm")!;
        var nonce = challenge.Get("nonce")!;
        var qopOptions = challenge.Get("qop");
        var qop = qopOptions?.Split(',').Select(q => q.Trim()).Contains("auth", StringComparer.OrdinalIgnoreCase) == true ? "auth" : null;
        if (nonce != _nonce)
        {
            _nonce = nonce;
            _nonceCount = 0;
        }

        var nc = (++_nonceCount).ToString("x8", CultureInfo.InvariantCulture);
        var cnonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var response = DigestCalculator.Response(algorithm, _userName, realm, _password, method, uri, nonce, qop, nc, cnonce);
        var header = new AuthHeaderValue("Digest")
            .Add("username", _userName, quoted: true)
            .Add("realm", realm, quoted: true)
            .Add("nonce", nonce, quoted: true)
            .Add("uri", uri, quoted: true)
            .Add("response", response, quoted: true)
            .Add("algorithm", algorithm.ToWireName(), quoted: false);
        if (qop is not null)
        {
            header.Add("qop", qop, quoted: false).Add("nc", nc, quoted: false).Add("cnonce", cnonce, quoted: true);
        }

        if (challenge.Get("opaque") is { } opaque)
        {
            header.Add("opaque", opaque, quoted: true);
        }

        return header;
    }
}
