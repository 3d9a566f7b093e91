namespace CallCluster.Sip.Auth;

/// <summary>The digest response computation of RFC 2617 §3.2.2 / RFC 7616 §3.4.1.</summary>
public static class DigestCalculator
{
    /// <summary>
    /// response = H(H(user:realm:password) : nonce [: nc : cnonce : qop] : H(method:uri)). With qop null the
    /// RFC 2069 form (no nc/cnonce) is used, which some old trunks still send.
    /// </summary>
    public static string Response(
        DigestAlgorithm algorithm,
        string userName,
        string realm,
        string password,
        string method,
        string uri,
        string nonce,
        string? qop,
        string? nonceCount,
        string? clientNonce)
    {
        var ha1 = algorithm.Hash($"{userName}:{realm}:{password}");
        return ResponseFromHa1(algorithm, ha1, method, uri, nonce, qop, nonceCount, clientNonce);
    }

    /// <summary>The same from a stored H(user:realm:password), so a server need not keep plain passwords.</summary>
    public static string ResponseFromHa1(
        DigestAlgorithm algorithm,
        string ha1,
        string method,
        string uri,
        string nonce,
        string? qop,
        string? nonceCount,
        string? clientNonce)
    {
        var ha2 = algorithm.Hash($"{method}:{uri}");
        return qop is null
            ? algorithm.Hash($"{ha1}:{nonce}:{ha2}")
            : algorithm.Hash($"{ha1}:{nonce}:{nonceCount}:{clientNonce}:{qop}:{ha2}");
    }

    public static string Ha1(DigestAlgorithm algorithm, string userName, string realm, string password) =>
        algorithm.Hash($"{userName}:{realm}:{password}");
}
