using System.Globalization;
using CallCluster.Sip.Messages;

namespace CallCluster.Sip.Dialogs;

/// <summary>The agreed session interval and who refreshes (RFC 4028 §9), seen from our side.</summary>
public sealed record SessionTimerNegotiation(int IntervalSeconds, string Refresher, bool WeRefresh)
{
    /// <summary>
    /// UAS side: decides on an INVITE. Returns null with <paramref name="minSE"/> set when the request must be
    /// answered 422 Session Interval Too Small; null with minSE null when no timer applies.
    /// </summary>
    public static SessionTimerNegotiation? ForCallee(SipRequest invite, SessionTimerOptions options, out int? minSE)
    {
        ArgumentNullException.ThrowIfNull(invite);
        ArgumentNullException.ThrowIfNull(options);
        minSE = null;
        var requested = invite.SessionExpires;
        var callerSupportsTimer = invite.Supports("timer");
        if (requested is { } se && se.DeltaSeconds < options.MinSESeconds)
        {
            minSE = Math.Max(options.MinSESeconds, invite.MinSE ?? 0);
            return null;
        }

        var interval = Math.Min(requested?.DeltaSeconds ?? options.SessionExpiresSeconds, options.SessionExpiresSeconds);
        interval = Math.Max(interval, invite.MinSE ?? 0);

        // A caller that does not support timers cannot refresh; otherwise honour its choice, or let it refresh.
        var refresher = !callerSupportsTimer ? "uas" : requested?.Refresher ?? "uac";
        return new SessionTimerNegotiation(interval, refresher, WeRefresh: refresher == "uas");
    }

    /// <summary>UAC side: reads the 2xx. No Session-Expires in it means no session timer.</summary>
    public static SessionTimerNegotiation? ForCaller(SipResponse ok)
    {
        ArgumentNullException.ThrowIfNull(ok);
        if (ok.SessionExpires is not { } se)
        {
            return null;
        }

        var refresher = se.Refresher ?? "uac";
        return new SessionTimerNegotiation(se.DeltaSeconds, refresher, WeRefresh: refresher == "uac");
    }

    /// <summary>Adds Session-Expires (and Require: timer when the caller refreshes) to our 2xx.</summary>
    public void ApplyTo(SipResponse ok)
    {
        ArgumentNullException.ThrowIfNull(ok);
        ok.Headers.Set(SipHeaderNames.SessionExpires, new SessionExpiresHeader(IntervalSeconds, Refresher).ToString());
        if (Refresher == "uac")
        {
            ok.Headers.Add(SipHeaderNames.Require, "timer");
        }
    }

    /// <summary>When the refresher sends its refresh: half the interval (RFC 4028 §10).</summary>
    public TimeSpan RefreshAfter => TimeSpan.FromSeconds(IntervalSeconds / 2.0);

    /// <summary>When the other side gives up on a missing refresh: interval minus min(32 s, interval/3) (RFC 4028 §10).</summary>
    public TimeSpan ExpireAfter => TimeSpan.FromSeconds(IntervalSeconds - Math.Min(32, IntervalSeconds / 3.0));

    public static void AddMinSE(SipResponse response, int minSE)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.Set(SipHeaderNames.MinSE, minSE.ToString(CultureInfo.InvariantCulture));
    }
}
