using CallCluster.Edge.Playout;

namespace CallCluster.Edge.Tests.Playout;

public sealed class TickJitterHistogramTests
{
    [Fact]
    public void Percentiles_report_the_bucket_bound_that_holds_that_share_of_ticks()
    {
        var histogram = new TickJitterHistogram();
        for (var i = 0; i < 98; i++)
        {
            histogram.Record(TimeSpan.FromMicroseconds(300));
        }

        histogram.Record(TimeSpan.FromMilliseconds(4));
        histogram.Record(TimeSpan.FromMilliseconds(250));

        var snapshot = histogram.Snapshot();
        Assert.Equal(100, snapshot.Count);
        Assert.Equal(TimeSpan.FromMicroseconds(500), snapshot.Percentile(50));
        Assert.Equal(TimeSpan.FromMilliseconds(5), snapshot.Percentile(99));
        Assert.Equal(TimeSpan.FromMilliseconds(250), snapshot.Percentile(100));
        Assert.Equal(TimeSpan.FromMilliseconds(250), snapshot.Max);
    }

    [Fact]
    public void An_empty_histogram_reports_zero()
    {
        var snapshot = new TickJitterHistogram().Snapshot();
        Assert.Equal(0, snapshot.Count);
        Assert.Equal(TimeSpan.Zero, snapshot.Percentile(99));
    }
}
