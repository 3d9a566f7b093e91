namespace CallCluster.Sip.Auth;

/// <summary>What the server concluded about a request's credentials.</summary>
public enum DigestVerification
{
    /// <summary>Credentials are valid, fresh, and this nc was not seen before.</summary>
    Success,

    /// <summary>No credentials for our realm: send a challenge.</summary>
    Missing,

    /// <summary>The nonce is ours but expired: re-challenge with stale=true, the client retries without asking the user.</summary>
    Stale,

    /// <summary>Wrong password, unknown user, forged nonce, a replayed nc or a malformed header: 403 or a fresh challenge.</summary>
    Rejected,
}
