using System.Collections.Frozen;

namespace CallCluster.Sip.Messages;

/// <summary>Canonical header names, compact forms (RFC 3261 §7.3.3 and extensions) and which headers are comma lists.</summary>
public static class SipHeaderNames
{
    public const string Via = "Via";
    public const string From = "From";
    public const string To = "To";
    public const string CallId = "Call-ID";
    public const string CSeq = "CSeq";
    public const string MaxForwards = "Max-Forwards";
    public const string Contact = "Contact";
    public const string Route = "Route";
    public const string RecordRoute = "Record-Route";
    public const string ContentType = "Content-Type";
    public const string ContentLength = "Content-Length";
    public const string ContentEncoding = "Content-Encoding";
    public const string ContentDisposition = "Content-Disposition";
    public const string SessionExpires = "Session-Expires";
    public const string MinSE = "Min-SE";
    public const string Supported = "Supported";
    public const string Require = "Require";
    public const string ProxyRequire = "Proxy-Require";
    public const string Unsupported = "Unsupported";
    public const string Allow = "Allow";
    public const string Accept = "Accept";
    public const string Authorization = "Authorization";
    public const string ProxyAuthorization = "Proxy-Authorization";
    public const string WwwAuthenticate = "WWW-Authenticate";
    public const string ProxyAuthenticate = "Proxy-Authenticate";
    public const string Subject = "Subject";
    public const string Event = "Event";
    public const string AllowEvents = "Allow-Events";
    public const string ReferTo = "Refer-To";
    public const string ReferredBy = "Referred-By";
    public const string SubscriptionState = "Subscription-State";
    public const string RetryAfter = "Retry-After";
    public const string UserAgent = "User-Agent";
    public const string Server = "Server";
    public const string Expires = "Expires";
    public const string MinExpires = "Min-Expires";
    public const string Warning = "Warning";
    public const string Reason = "Reason";

    private static readonly FrozenDictionary<char, string> CompactForms = new Dictionary<char, string>
    {
        ['i'] = CallId,
        ['m'] = Contact,
        ['e'] = ContentEncoding,
        ['l'] = ContentLength,
        ['c'] = ContentType,
        ['f'] = From,
        ['t'] = To,
        ['v'] = Via,
        ['k'] = Supported,
        ['s'] = Subject,
        ['o'] = Event,
        ['u'] = AllowEvents,
        ['r'] = ReferTo,
        ['b'] = ReferredBy,
        ['x'] = SessionExpires,
        ['a'] = "Accept-Contact",
        ['j'] = "Reject-Contact",
        ['d'] = "Request-Disposition",
        ['y'] = "Identity",
        ['n'] = "Identity-Info",
    }.ToFrozenDictionary();

    private static readonly string[] KnownNames =
    [
        Via, From, To, CallId, CSeq, MaxForwards, Contact, Route, RecordRoute, ContentType, ContentLength,
        ContentEncoding, ContentDisposition, SessionExpires, MinSE, Supported, Require, ProxyRequire, Unsupported,
        Allow, Accept, Authorization, ProxyAuthorization, WwwAuthenticate, ProxyAuthenticate, Subject, Event,
        AllowEvents, ReferTo, ReferredBy, SubscriptionState, RetryAfter, UserAgent, Server, Expires, MinExpires,
        Warning, Reason, "Accept-Encoding", "Accept-Language", "Alert-Info", "Call-Info", "Error-Info", "In-Reply-To",
        "Date", "Timestamp", "Organization", "Priority", "Reply-To", "MIME-Version", "RAck", "RSeq",
    ];

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Canonical =
        KnownNames.ToFrozenDictionary(n => n, n => n, StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    // Headers whose grammar is a comma-separated list (RFC 3261 §7.3.1); others (WWW-Authenticate, Date…) keep commas.
    private static readonly FrozenSet<string> CommaListHeaders = new[]
    {
        Via, Contact, Route, RecordRoute, Supported, Require, ProxyRequire, Unsupported, Allow, Accept,
        "Accept-Encoding", "Accept-Language", AllowEvents, ContentEncoding, "Alert-Info", "Call-Info", "Error-Info",
        "In-Reply-To", Warning, Reason,
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The canonical spelling of a header name: compact forms expanded, known names in their RFC case,
    /// unknown names returned as written (compared case-insensitively elsewhere).
    /// </summary>
    public static string Canonicalize(ReadOnlySpan<char> name)
    {
        if (name.Length == 1 && CompactForms.TryGetValue(char.ToLowerInvariant(name[0]), out var expanded))
        {
            return expanded;
        }

        return Canonical.TryGetValue(name, out var known) ? known : name.ToString();
    }

    public static bool IsCommaList(string canonicalName) => CommaListHeaders.Contains(canonicalName);
}
