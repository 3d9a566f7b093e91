using System.Diagnostics;
using CallCluster.Load.Metrics;

namespace CallCluster.Load.CallLatency;

/// <summary>
/// What the process did over a level's measured span. The probes listen from the level's start, so that their own
/// start-up (the runtime's event sessions behind the listeners, their dispatch code's first runs, the sampling thread)
/// happens in the warm-in; <see cref="Begin"/> at the end of the warm-in makes them count from there, and
/// <see cref="Stop"/> when the calls have drained. So the greetings of the level's first calls are not in its CPU,
/// collections or pool figures either.
/// </summary>
internal sealed class LevelProbes : IDisposable
{
    private readonly ThreadPoolSampler _pool = new();
    private readonly GcPauseRecorder _gc = new();
    private readonly AllocationSampler _allocations = new();
    private TimeSpan _cpuAtStart;
    private long _started;
    private CpuSteal? _steal;

    public double LoadAtStart { get; private set; }

    public ThreadPoolReport? Pool { get; private set; }

    public GcPauseReport? Gc { get; private set; }

    public AllocationReport? Allocations { get; private set; }

    public double ProcessCpuCores { get; private set; }

    public double? CpuStealPercent { get; private set; }

    /// <summary>The measured span starts now.</summary>
    public void Begin()
    {
        _pool.Reset();
        _gc.Reset();
        _allocations.Reset();
        _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        _started = Stopwatch.GetTimestamp();
        _steal = new CpuSteal();
        LoadAtStart = MachineLoad.OneMinute();
    }

    /// <exception cref="InvalidOperationException">The span never began.</exception>
    public void Stop()
    {
        var steal = _steal ?? throw new InvalidOperationException("The level ended before its warm-in did.");
        Pool = _pool.Stop();
        Gc = _gc.Stop();
        Allocations = _allocations.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        ProcessCpuCores = Math.Round(cpu.TotalSeconds / Stopwatch.GetElapsedTime(_started).TotalSeconds, 2);
        CpuStealPercent = steal.PercentSinceStart();
    }

    public void Dispose()
    {
        _pool.Dispose();
        _gc.Dispose();
        _allocations.Dispose();
    }
}
