using System.Diagnostics;
using CallCluster.Load.Metrics;

namespace CallCluster.Load.CallLatency;

/// <summary>
/// What the process did over a level's measured span: started when the level's warm-in is over, stopped when its
/// calls have drained, so that the greetings of the level's first calls are not in its CPU, collections or pool figures.
/// </summary>
internal sealed class LevelProbes : IDisposable
{
    private readonly TimeSpan _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly ThreadPoolSampler _pool = new();
    private readonly GcPauseRecorder _gc = new();
    private readonly AllocationSampler _allocations = new();
    private readonly CpuSteal _steal = new();

    public double LoadAtStart { get; } = MachineLoad.OneMinute();

    public ThreadPoolReport? Pool { get; private set; }

    public GcPauseReport? Gc { get; private set; }

    public AllocationReport? Allocations { get; private set; }

    public double ProcessCpuCores { get; private set; }

    public double? CpuStealPercent { get; private set; }

    public void Stop()
    {
        Pool = _pool.Stop();
        Gc = _gc.Stop();
        Allocations = _allocations.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        ProcessCpuCores = Math.Round(cpu.TotalSeconds / Stopwatch.GetElapsedTime(_started).TotalSeconds, 2);
        CpuStealPercent = _steal.PercentSinceStart();
    }

    public void Dispose()
    {
        _pool.Dispose();
        _gc.Dispose();
        _allocations.Dispose();
    }
}
