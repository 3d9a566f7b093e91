using System.Security.Cryptography;
using System.Text;

namespace CallCluster.Sip.Auth;

/// <summary>The digest hash functions of RFC 7616 that SIP trunks use.</summary>
public enum DigestAlgorithm
{
    Md5,
    Sha256,
}

public static class DigestAlgorithmNames
{
    public static string ToWireName(this DigestAlgorithm algorithm) => algorithm == DigestAlgorithm.Sha256 ? "SHA-256" : "MD5";

    public static DigestAlgorithm? FromWireName(string? name) => name?.ToUpperInvariant() switch
    {
        null or "MD5" => DigestAlgorithm.Md5,
        "SHA-256" => DigestAlgorithm.Sha256,
        _ => null,
    };

    /// <summary>Lower-case hex of the hash of <paramref name="text"/>.</summary>
    internal static string Hash(this DigestAlgorithm algorithm, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var digest = algorithm == DigestAlgorithm.Sha256 ? SHA256.HashData(bytes) : MD5.HashData(bytes);
        return Convert.ToHexStringLower(digest);
    }
}
