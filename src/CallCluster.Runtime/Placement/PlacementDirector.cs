using System.Collections.Concurrent;

namespace CallCluster.Runtime.Placement;

/// <summary>
/// Load-aware placement by the power of two choices: pick two Active silos at random and place on the
/// less loaded one. Load is the activation count plus CPU, from the peers' latest probe replies, plus the
/// placements this silo made since (so a burst of new grains does not all land on the silo that looked
/// idlest a moment ago). Only Active silos are candidates: Joining ones are not ready, ShuttingDown ones
/// are leaving.
/// </summary>
internal sealed class PlacementDirector(double cpuWeight)
{
    private readonly ConcurrentDictionary<SiloAddress, int> _placedSinceReport = new();

    public SiloAddress? Choose(IReadOnlyList<SiloAddress> activeSilos, Func<SiloAddress, SiloLoad?> loadOf)
    {
        if (activeSilos.Count == 0)
        {
            return null;
        }

        SiloAddress chosen;
        if (activeSilos.Count == 1)
        {
            chosen = activeSilos[0];
        }
        else
        {
            var first = Random.Shared.Next(activeSilos.Count);
            var second = Random.Shared.Next(activeSilos.Count - 1);
            if (second >= first)
            {
                second++;
            }

            var a = activeSilos[first];
            var b = activeSilos[second];
            chosen = Score(a, loadOf) <= Score(b, loadOf) ? a : b;
        }

        _placedSinceReport.AddOrUpdate(chosen, 1, (_, n) => n + 1);
        return chosen;
    }

    /// <summary>A fresh load report for the silo includes our recent placements: stop counting them.</summary>
    public void OnLoadReport(SiloAddress silo) => _placedSinceReport.TryRemove(silo, out _);

    private double Score(SiloAddress silo, Func<SiloAddress, SiloLoad?> loadOf)
    {
        var load = loadOf(silo) ?? default;
        return load.ActivationCount + _placedSinceReport.GetValueOrDefault(silo) + (cpuWeight * load.CpuUsage);
    }
}
