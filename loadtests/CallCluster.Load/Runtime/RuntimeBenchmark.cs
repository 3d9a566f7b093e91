using System.Runtime.InteropServices;
using CallCluster.Load.Metrics;
using CallCluster.Runtime.Hosting;

namespace CallCluster.Load.Runtime;

/// <summary>
/// <c>callcluster bench runtime</c>: a cluster of silo processes on this machine over PostgreSQL, measured
/// for request latency and throughput, frame-stream latency at a target rate, and failover after SIGKILL
/// and SIGSTOP. Every process it starts is killed and its database dropped when it returns or throws.
/// </summary>
public static class RuntimeBenchmark
{
    public static async Task<RuntimeBenchmarkReport> RunAsync(RuntimeBenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Silos, 2);
        var launch = options.Launch ?? throw new ArgumentException("A silo launch command is required.", nameof(options));
        var progress = options.Progress;
        var profile = options.Profile;
        var machine = DescribeMachine();

        await progress.WriteLineAsync("Creating the benchmark database…");
        await using var database = await BenchDatabase.CreateAsync(options.ServerConnectionString, cancellationToken);
        await using var cluster = new BenchCluster(launch, database.ConnectionString);
        await progress.WriteLineAsync($"Starting {options.Silos} silo processes…");
        await cluster.EnsureSilosAsync(options.Silos, cancellationToken);
        var client = await cluster.ConnectClientAsync(new ClientOptions(), cancellationToken);

        await progress.WriteLineAsync("Requests…");
        var requests = await RequestBenchmark.RunAsync(client, profile, cancellationToken);
        await progress.WriteLineAsync($"Frame streams: {profile.Streams} × {profile.FramesPerSecond} frames/s…");
        var frames = await FrameStreamBenchmark.RunAsync(client, profile, cancellationToken);

        var failoverClient = await cluster.ConnectClientAsync(new ClientOptions { ResponseTimeout = options.FailoverCallTimeout }, cancellationToken);
        await progress.WriteLineAsync($"Failover: {profile.Kills} × SIGKILL…");
        var kill9 = await FailoverBenchmark.RunAsync(cluster, client, failoverClient, options.Silos, profile.Kills, FailoverSignal.Kill9, progress, cancellationToken);
        await progress.WriteLineAsync($"Failover: {profile.Kills} × SIGSTOP…");
        var sigstop = await FailoverBenchmark.RunAsync(cluster, client, failoverClient, options.Silos, profile.Kills, FailoverSignal.SigStop, progress, cancellationToken);

        return new RuntimeBenchmarkReport(
            "runtime",
            DateTimeOffset.UtcNow,
            machine,
            options.Silos,
            ReferenceEquals(profile, RuntimeBenchmarkProfile.Quick) ? "quick" : ReferenceEquals(profile, RuntimeBenchmarkProfile.Full) ? "full" : "custom",
            requests,
            frames,
            new FailoverFigures((int)options.FailoverCallTimeout.TotalMilliseconds, kill9, sigstop));
    }

    private static MachineInfo DescribeMachine() => new(
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        MachineLoad.OneMinute());
}
