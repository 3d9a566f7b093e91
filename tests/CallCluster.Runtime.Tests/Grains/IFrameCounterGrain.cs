namespace CallCluster.Runtime.Tests.Grains;

[GrainType("frame-counter")]
public interface IFrameCounterGrain : IGrainWithStringKey
{
    /// <summary>Records <c>counted {key} {total}</c> once <paramref name="total"/> frames have been read in all.</summary>
    Task Expect(long total);
}
