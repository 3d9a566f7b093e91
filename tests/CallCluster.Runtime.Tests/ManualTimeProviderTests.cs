using CallCluster.Testing;

namespace CallCluster.Runtime.Tests;

public sealed class ManualTimeProviderTests
{
    [Fact]
    public void Timers_fire_in_due_order_and_periodic_ones_repeat()
    {
        var time = new ManualTimeProvider();
        var fired = new List<string>();
        using var once = time.CreateTimer(_ => fired.Add("once@300"), null, TimeSpan.FromMilliseconds(300), Timeout.InfiniteTimeSpan);
        using var periodic = time.CreateTimer(_ => fired.Add($"tick@{fired.Count}"), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));

        time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(["tick@0", "tick@1"], fired);

        time.Advance(TimeSpan.FromMilliseconds(60));
        // Ties fire in creation order.
        Assert.Equal(["tick@0", "tick@1", "once@300", "tick@3"], fired);
    }

    [Fact]
    public void A_disposed_timer_never_fires()
    {
        var time = new ManualTimeProvider();
        var fired = 0;
        var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Dispose();
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, fired);
    }
}
