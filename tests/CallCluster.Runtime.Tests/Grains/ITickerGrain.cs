namespace CallCluster.Runtime.Tests.Grains;

[GrainType("ticker")]
public interface ITickerGrain : IGrainWithStringKey
{
    /// <summary>Starts a timer whose ticks wait for the test to release them.</summary>
    Task Start(TimeSpan period);

    Task<int> TicksCompleted();

    Task<int> MaxConcurrentTicks();
}
