using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CallCluster.Sip.Messages;

namespace CallCluster.Sip.Auth;

/// <summary>
/// Server side of digest trunk authentication (RFC 3261 §22, RFC 7616, RFC 8760): issues signed, timestamped
/// nonces and verifies Authorization headers, rejecting expired nonces as stale and any nonce-count that does not
/// increase (replay). Nonces are stateless to issue; only nonces in use are remembered, and only for their lifetime.
/// </summary>
public sealed class DigestAuthenticator
{
    private const int TimestampBytes = 8;
    private const int RandomBytes = 16;
    private const int MacBytes = 16;

    private readonly DigestServerOptions _options;
    private readonly TimeProvider _time;
    private readonly byte[] _key;
    private readonly ConcurrentDictionary<string, NonceUse> _used = new(StringComparer.Ordinal);

    public DigestAuthenticator(DigestServerOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
        _key = options.NonceKey ?? RandomNumberGenerator.GetBytes(32);
    }

    /// <summary>One challenge per configured algorithm, strongest first; put each in its own WWW-Authenticate header.</summary>
    public IReadOnlyList<AuthHeaderValue> CreateChallenges(bool stale = false)
    {
        var nonce = NewNonce();
        return [.. _options.Algorithms.Select(algorithm =>
        {
            var challenge = new AuthHeaderValue("Digest")
                .Add("realm", _options.Realm, quoted: true)
                .Add("nonce", nonce, quoted: true)
                .Add("algorithm", algorithm.ToWireName(), quoted: false)
                .Add("qop", "auth", quoted: true);
            return stale ? challenge.Add("stale", "TRUE", quoted: false) : challenge;
        })];
    }

    /// <summary>
    /// Checks the request's Authorization (or Proxy-Authorization) against <paramref name="passwordOf"/>
    /// (null for an unknown user).
    /// </summary>
    public DigestVerification Verify(SipRequest request, Func<string, string?> passwordOf, bool proxy = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(passwordOf);
        AuthHeaderValue? credentials;
        try
        {
            credentials = proxy ? request.ProxyAuthorization : request.Authorization;
        }
        catch (SipParseException)
        {
            return DigestVerification.Rejected;
        }

        if (credentials is null || !credentials.Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase)
            || credentials.Get("realm") != _options.Realm)
        {
            return DigestVerification.Missing;
        }

        var userName = credentials.Get("username");
        var nonce = credentials.Get("nonce");
        var uri = credentials.Get("uri");
        var response = credentials.Get("response");
        var nc = credentials.Get("nc");
        var cnonce = credentials.Get("cnonce");
        var algorithm = DigestAlgorithmNames.FromWireName(credentials.Get("algorithm"));
        if (userName is null || nonce is null || uri is null || response is null || algorithm is null
            || !_options.Algorithms.Contains(algorithm.Value)
            || !string.Equals(credentials.Get("qop"), "auth", StringComparison.OrdinalIgnoreCase) || cnonce is null
            || !long.TryParse(nc, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var count) || count <= 0
            || !string.Equals(uri, request.RequestUri.ToString(), StringComparison.Ordinal))
        {
            return DigestVerification.Rejected;
        }

        var issuedAt = ReadNonce(nonce);
        if (issuedAt is null)
        {
            return DigestVerification.Rejected;
        }

        var now = _time.GetUtcNow();
        if (now - issuedAt.Value > _options.NonceLifetime)
        {
            return DigestVerification.Stale;
        }

        var password = passwordOf(userName);
        if (password is null)
        {
            return DigestVerification.Rejected;
        }

        var expected = DigestCalculator.Response(algorithm.Value, userName, _options.Realm, password, request.Method, uri, nonce, "auth", nc, cnonce);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(response.ToLowerInvariant())))
        {
            return DigestVerification.Rejected;
        }

        return AdvanceNonceCount(nonce, count, issuedAt.Value, now) ? DigestVerification.Success : DigestVerification.Rejected;
    }

    private bool AdvanceNonceCount(string nonce, long count, DateTimeOffset issuedAt, DateTimeOffset now)
    {
        ForgetExpired(now);
        while (true)
        {
            if (!_used.TryGetValue(nonce, out var use))
            {
                if (_used.TryAdd(nonce, new NonceUse(count, issuedAt)))
                {
                    return true;
                }

                continue;
            }

            if (count <= use.HighestCount)
            {
                return false;
            }

            if (_used.TryUpdate(nonce, use with { HighestCount = count }, use))
            {
                return true;
            }
        }
    }

    private void ForgetExpired(DateTimeOffset now)
    {
        foreach (var (nonce, use) in _used)
        {
            if (now - use.IssuedAt > _options.NonceLifetime)
            {
                _used.TryRemove(nonce, out _);
            }
        }
    }

    private string NewNonce()
    {
        Span<byte> nonce = stackalloc byte[TimestampBytes + RandomBytes + MacBytes];
        BinaryPrimitives.WriteInt64BigEndian(nonce, _time.GetUtcNow().UtcTicks);
        RandomNumberGenerator.Fill(nonce.Slice(TimestampBytes, RandomBytes));
        Sign(nonce[..(TimestampBytes + RandomBytes)], nonce[(TimestampBytes + RandomBytes)..]);
        return Convert.ToBase64String(nonce).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private DateTimeOffset? ReadNonce(string nonce)
    {
        var base64 = nonce.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        Span<byte> bytes = stackalloc byte[64];
        if (!Convert.TryFromBase64String(base64, bytes, out var length) || length != TimestampBytes + RandomBytes + MacBytes)
        {
            return null;
        }

        Span<byte> mac = stackalloc byte[MacBytes];
        Sign(bytes[..(TimestampBytes + RandomBytes)], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, bytes.Slice(TimestampBytes + RandomBytes, MacBytes)))
        {
            return null;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        return ticks is < 0 || ticks > DateTimeOffset.MaxValue.UtcTicks ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    private void Sign(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(_key, data, full);
        full[..MacBytes].CopyTo(destination);
    }

    private sealed record NonceUse(long HighestCount, DateTimeOffset IssuedAt);
}
