using System.Globalization;

namespace CallCluster.Load.Metrics;

/// <summary>
/// The share of the machine's CPU time the hypervisor gave to other guests ("steal" in /proc/stat) over a span. On a
/// shared virtual machine a run can lose a fifth of its CPU this way while the load average looks calm; a report
/// without it cannot tell a slow platform from a busy host.
/// </summary>
public sealed class CpuSteal
{
    private readonly (long Steal, long Total)? _start = Read();

    /// <summary>Percent of all CPU time stolen since this was created; null where /proc/stat is missing (off Linux).</summary>
    public double? PercentSinceStart()
    {
        if (_start is not { } start || Read() is not { } end || end.Total <= start.Total)
        {
            return null;
        }

        return Math.Round(100.0 * (end.Steal - start.Steal) / (end.Total - start.Total), 1);
    }

    private static (long Steal, long Total)? Read()
    {
        try
        {
            // "cpu  user nice system idle iowait irq softirq steal guest guest_nice", in clock ticks.
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return values.Length == 8 ? (values[7], values.Sum()) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
