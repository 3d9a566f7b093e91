using System.Diagnostics;
using CallCluster.Load.Runtime.Grains;
using CallCluster.Load.Runtime.Processes;
using CallCluster.Runtime.Hosting;

namespace CallCluster.Load.Runtime;

/// <summary>
/// Kills the silo that owns a grain and times the next successful call of that grain. Each round uses a
/// fresh grain with a freshly acknowledged write, a client that has the owner cached (as an edge in the
/// middle of a call would), and a full complement of silos (a replacement is started between rounds, not timed).
/// </summary>
internal static class FailoverBenchmark
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(15);

    public static async Task<FailoverRun> RunAsync(
        BenchCluster cluster, ClusterClient setupClient, ClusterClient failoverClient, int silos, int kills, FailoverSignal signal, TextWriter progress, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        var intact = 0;
        var exitedByThemselves = 0;
        string? lastError = null;
        for (var round = 1; round <= kills; round++)
        {
            await cluster.EnsureSilosAsync(silos, cancellationToken);
            await cluster.WaitUntilClientSeesLiveSilosAsync(setupClient, cancellationToken);
            await cluster.WaitUntilClientSeesLiveSilosAsync(failoverClient, cancellationToken);

            var key = $"failover-{signal}-{round}";
            long value = round * 1000;
            await setupClient.GetGrain<IFailoverGrain>(key).Write(value);
            var grain = failoverClient.GetGrain<IFailoverGrain>(key);
            var before = await grain.Read();
            var owner = cluster.Owner(before.Silo);

            var (elapsed, after, error) = await TakeOwnerAwayAsync(owner, grain, signal, cancellationToken);
            if (after is not null)
            {
                times.Add(elapsed.TotalMilliseconds);
                intact += after.Value == value ? 1 : 0;
            }
            else
            {
                lastError = error;
            }

            cluster.Retire(owner);
            if (signal == FailoverSignal.SigStop)
            {
                owner.Thaw();
            }

            exitedByThemselves += await owner.WaitForExitAsync(ExitTimeout) ? 1 : 0;
            await progress.WriteLineAsync($"  {signal} round {round}/{kills}: {(after is null ? "FAILED " + error : $"{elapsed.TotalMilliseconds:0} ms, state {(after.Value == value ? "intact" : "LOST")}")}");
        }

        return new FailoverRun(
            signal == FailoverSignal.Kill9 ? "SIGKILL" : "SIGSTOP",
            kills,
            times.Count,
            intact,
            Percentile(times, 50),
            Percentile(times, 95),
            times.Count == 0 ? 0 : times.Max(),
            signal == FailoverSignal.SigStop ? exitedByThemselves : null,
            lastError);
    }

    private static async Task<(TimeSpan Elapsed, FailoverReading? After, string? Error)> TakeOwnerAwayAsync(
        SiloProcess owner, IFailoverGrain grain, FailoverSignal signal, CancellationToken cancellationToken)
    {
        if (signal == FailoverSignal.Kill9)
        {
            owner.Kill();
        }
        else
        {
            owner.Freeze();
        }

        var stopwatch = Stopwatch.StartNew();
        string? error = null;
        while (stopwatch.Elapsed < GiveUpAfter)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var reading = await grain.Read();
                if (!string.Equals(reading.Silo, owner.Address, StringComparison.Ordinal))
                {
                    return (stopwatch.Elapsed, reading, null);
                }

                error = $"the call was answered by the silo that was {signal}ed";
            }
#pragma warning disable CA1031 // Every failure mode of a call during failover (timeout, unavailable, remote error) means: try again.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                error = $"{e.GetType().Name}: {e.Message}";
                await Task.Delay(5, cancellationToken);
            }
        }

        return (stopwatch.Elapsed, null, error);
    }

    private static double Percentile(List<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
