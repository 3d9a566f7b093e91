using System.Diagnostics;

namespace CallCluster.Runtime.Placement;

/// <summary>This process's CPU use (0..1 of all cores), sampled at most once per second.</summary>
internal static class CpuSampler
{
    private static readonly Lock Gate = new();
    private static readonly Stopwatch Wall = Stopwatch.StartNew();
    private static TimeSpan _lastCpu = Process.GetCurrentProcess().TotalProcessorTime;
    private static TimeSpan _lastWall = TimeSpan.Zero;
    private static double _usage;

    public static double Usage
    {
        get
        {
            lock (Gate)
            {
                var wall = Wall.Elapsed;
                if (wall - _lastWall >= TimeSpan.FromSeconds(1))
                {
                    using var process = Process.GetCurrentProcess();
                    var cpu = process.TotalProcessorTime;
                    _usage = Math.Clamp((cpu - _lastCpu) / (wall - _lastWall) / Environment.ProcessorCount, 0, 1);
                    _lastCpu = cpu;
                    _lastWall = wall;
                }

                return _usage;
            }
        }
    }
}
