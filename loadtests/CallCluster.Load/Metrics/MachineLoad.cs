using System.Globalization;

namespace CallCluster.Load.Metrics;

/// <summary>
/// How busy the machine is, for the reports: on a shared 2-core host the figures mean little without it.
/// </summary>
public static class MachineLoad
{
    /// <summary>The 1-minute load average from /proc/loadavg; 0 where there is none (off Linux).</summary>
    public static double OneMinute()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.TryParse(text.Split(' ', 2)[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
