using CallCluster.Sip.Dialogs;
using CallCluster.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace CallCluster.Sip.Tests.Dialogs;

/// <summary>The transferor's side of a REFER's implicit subscription, on a manual clock.</summary>
public sealed class ReferSubscriptionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task A_final_2xx_after_trying_is_a_success_and_later_notifies_change_nothing()
    {
        using var subscription = new ReferSubscription(_time, Timeout);

        subscription.OnNotify(100, terminated: false);
        Assert.False(subscription.Outcome.IsCompleted);
        subscription.OnNotify(200, terminated: true);
        subscription.OnNotify(503, terminated: true);
        _time.Advance(Timeout * 2);

        var outcome = await subscription.Outcome;
        Assert.True(outcome.Succeeded);
        Assert.Equal(200, outcome.StatusCode);
    }

    [Fact]
    public async Task A_final_error_is_a_failure_with_its_status()
    {
        using var subscription = new ReferSubscription(_time, Timeout);

        subscription.OnNotify(100, terminated: false);
        subscription.OnNotify(503, terminated: true);

        var outcome = await subscription.Outcome;
        Assert.False(outcome.Succeeded);
        Assert.Equal(503, outcome.StatusCode);
    }

    [Fact]
    public async Task No_final_status_in_time_is_a_408_failure_and_not_a_moment_before()
    {
        using var subscription = new ReferSubscription(_time, Timeout);
        subscription.OnNotify(180, terminated: false);

        _time.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.False(subscription.Outcome.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var outcome = await subscription.Outcome;
        Assert.False(outcome.Succeeded);
        Assert.Equal(408, outcome.StatusCode);

        // A final 200 after the timeout comes too late: the caller has already been told the transfer failed.
        subscription.OnNotify(200, terminated: true);
        Assert.False((await subscription.Outcome).Succeeded);
    }

    [Fact]
    public async Task A_terminated_subscription_without_a_final_status_is_a_failure_with_the_last_status()
    {
        using var subscription = new ReferSubscription(_time, Timeout);

        subscription.OnNotify(100, terminated: false);
        subscription.OnNotify(180, terminated: true);

        var outcome = await subscription.Outcome;
        Assert.False(outcome.Succeeded);
        Assert.Equal(180, outcome.StatusCode);
        Assert.Contains("without a final status", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_refer_or_the_end_of_the_call_fails_at_once()
    {
        using var refused = new ReferSubscription(_time, Timeout);
        using var ended = new ReferSubscription(_time, Timeout);

        refused.OnReferRefused(405, "Method Not Allowed");
        ended.OnNotify(100, terminated: false);
        ended.OnDialogEnded("remote hangup");

        Assert.Equal(405, (await refused.Outcome).StatusCode);
        Assert.False((await ended.Outcome).Succeeded);
        Assert.Equal(100, (await ended.Outcome).StatusCode);
    }

    [Fact]
    public void The_first_final_status_or_termination_decides_whatever_follows() =>
        Prop.ForAll<NonEmptyArray<(byte Status, bool Terminated)>>(notifies =>
        {
            using var subscription = new ReferSubscription(new ManualTimeProvider(), Timeout);
            var statuses = notifies.Get.Select(n => (Code: 100 + (n.Status % 6 * 100) + (n.Status % 3), n.Terminated)).ToArray();
            foreach (var (code, terminated) in statuses)
            {
                subscription.OnNotify(code, terminated);
            }

            var deciding = Array.FindIndex(statuses, n => n.Code >= 200 || n.Terminated);
            if (deciding < 0)
            {
                return !subscription.Outcome.IsCompleted;
            }

            var outcome = subscription.Outcome.Result;
            return outcome.StatusCode == statuses[deciding].Code && outcome.Succeeded == statuses[deciding].Code is >= 200 and < 300;
        }).QuickCheckThrowOnFailure();
}
