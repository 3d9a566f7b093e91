namespace CallCluster.Sip.Dialogs;

/// <summary>
/// The implicit subscription a REFER we sent creates (RFC 3515 §2.4.4, RFC 5589 §6): the transferee's sipfrag NOTIFYs
/// say how its call to the target goes. It ends at the first final status, at a NOTIFY that terminates the
/// subscription without one, when the dialog ends, or when no final status came within the timeout; the first of
/// these wins.
/// </summary>
internal sealed class ReferSubscription : IDisposable
{
    private readonly TaskCompletionSource<ReferOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer _timeout;
    private int _lastStatus;

    /// <param name="time">The clock the timeout runs on.</param>
    /// <param name="timeout">How long to wait for the final status, counted from the REFER being sent.</param>
    public ReferSubscription(TimeProvider time, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _timeout = time.CreateTimer(
            static state => ((ReferSubscription)state!).Complete(new ReferOutcome(false, 408, "no final transfer status in time")),
            this,
            timeout,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>Completes once with how the transfer ended.</summary>
    public Task<ReferOutcome> Outcome => _outcome.Task;

    /// <summary>The REFER itself was refused: there is no subscription.</summary>
    public void OnReferRefused(int statusCode, string reasonPhrase) =>
        Complete(new ReferOutcome(false, statusCode, $"the peer refused the REFER: {statusCode} {reasonPhrase}"));

    /// <summary>A sipfrag NOTIFY: its status line, and whether its Subscription-State is terminated.</summary>
    public void OnNotify(int statusCode, bool terminated)
    {
        if (statusCode >= 200)
        {
            Complete(statusCode < 300
                ? ReferOutcome.Connected(statusCode)
                : new ReferOutcome(false, statusCode, $"the transferee's call to the target failed with {statusCode}"));
            return;
        }

        Volatile.Write(ref _lastStatus, statusCode);
        if (terminated)
        {
            Complete(new ReferOutcome(false, statusCode, $"the transferee ended the subscription at {statusCode} without a final status"));
        }
    }

    /// <summary>The dialog ended before a final status: the transfer's fate is unknown, so it did not happen for us.</summary>
    public void OnDialogEnded(string reason) =>
        Complete(new ReferOutcome(false, Volatile.Read(ref _lastStatus) is var last and > 0 ? last : 487, $"the call ended ({reason}) before a final transfer status"));

    public void Dispose() => _timeout.Dispose();

    private void Complete(ReferOutcome outcome)
    {
        if (_outcome.TrySetResult(outcome))
        {
            _timeout.Dispose();
        }
    }
}
