using CallCluster.Runtime.Activation;

namespace CallCluster.Load.Runtime.Grains;

/// <summary>The grain classes every benchmark silo hosts.</summary>
public static class BenchGrains
{
    public static GrainClassRegistry Registry() =>
        new GrainClassRegistry()
            .Add<IPingGrain, PingGrain>()
            .Add<IFrameSinkGrain, FrameSinkGrain>()
            .Add<IFailoverGrain, FailoverGrain>();
}
