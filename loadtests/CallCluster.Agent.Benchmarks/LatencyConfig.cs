using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace CallCluster.Agent.Benchmarks;

/// <summary>Adds the median and p95 next to the mean: a turn's latency budget is about its tail, not its average.</summary>
public sealed class LatencyConfig : ManualConfig
{
    public LatencyConfig()
    {
        AddColumn(StatisticColumn.Median, StatisticColumn.P95);
    }
}
