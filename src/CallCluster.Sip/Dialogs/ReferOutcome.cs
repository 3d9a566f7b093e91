namespace CallCluster.Sip.Dialogs;

/// <summary>How a blind transfer we asked for (REFER, RFC 3515) ended, as the transferee reported it.</summary>
/// <param name="Succeeded">True only on a final 2xx in the transferee's sipfrag NOTIFY: the new call is up.</param>
/// <param name="StatusCode">
/// The REFER's own error response, the final sipfrag status, the last provisional status when the subscription ended
/// without a final one, or 408 when no final status came in time.
/// </param>
/// <param name="Reason">Why, for logs and evidence; never the transfer target (PII).</param>
public sealed record ReferOutcome(bool Succeeded, int StatusCode, string Reason)
{
    internal static ReferOutcome Connected(int status) => new(true, status, "the transferee connected to the target");
}
