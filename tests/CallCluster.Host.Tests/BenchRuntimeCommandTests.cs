using System.Diagnostics;
using System.Text.Json;
using CallCluster.Testing;
using Npgsql;

namespace CallCluster.Host.Tests;

/// <summary>
/// <c>callcluster bench runtime --quick --json</c> end to end: the real binary, real silo processes, the real
/// PostgreSQL server. Asserts what was measured exists and that failover worked, never how fast it was.
/// </summary>
[Trait("Category", TestCategories.Postgres)]
public sealed class BenchRuntimeCommandTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Bench_runtime_quick_prints_every_figure_as_a_positive_number_and_every_failover_succeeds()
    {
        var server = Environment.GetEnvironmentVariable(PostgresDatabase.EnvironmentVariable)
            ?? throw new InvalidOperationException($"{PostgresDatabase.EnvironmentVariable} is not set. Run the tests with `bash scripts/test.sh`.");
        var databasesBefore = await BenchDatabasesAsync(server);

        var (exitCode, stdout, stderr) = await RunCallClusterAsync("bench", "runtime", "--quick", "--json");

        Assert.True(exitCode == 0, $"exit code {exitCode}; stderr:\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        var report = json.RootElement;
        Assert.Equal("runtime", report.GetProperty("benchmark").GetString());
        Assert.Equal("quick", report.GetProperty("profile").GetString());
        Assert.Equal(2, report.GetProperty("silos").GetInt32());

        var requests = report.GetProperty("requests");
        foreach (var figure in new[] { "crossSiloRoundTripP50Us", "crossSiloRoundTripP99Us", "clientRoundTripP50Us", "clientRoundTripP99Us", "requestsPerSecond" })
        {
            Assert.True(requests.GetProperty(figure).GetDouble() > 0, $"requests.{figure} is positive");
        }

        Assert.True(requests.GetProperty("crossSiloRoundTripP50Us").GetInt64() <= requests.GetProperty("crossSiloRoundTripP99Us").GetInt64());

        var frames = report.GetProperty("frameStreams");
        Assert.True(frames.GetProperty("framesSent").GetInt64() > 0);
        Assert.Equal(frames.GetProperty("framesSent").GetInt64(), frames.GetProperty("framesReceived").GetInt64());
        Assert.True(frames.GetProperty("latencyP50Us").GetInt64() <= frames.GetProperty("latencyP99Us").GetInt64());

        var failover = report.GetProperty("failover");
        foreach (var signal in new[] { "kill9", "sigStop" })
        {
            var run = failover.GetProperty(signal);
            var kills = run.GetProperty("kills").GetInt32();
            Assert.True(kills > 0);
            Assert.Equal(kills, run.GetProperty("succeeded").GetInt32());
            Assert.Equal(kills, run.GetProperty("stateIntact").GetInt32());
            Assert.True(run.GetProperty("p50Ms").GetDouble() <= run.GetProperty("p95Ms").GetDouble());
        }

        Assert.Equal(failover.GetProperty("sigStop").GetProperty("kills").GetInt32(), failover.GetProperty("sigStop").GetProperty("exitedByThemselves").GetInt32());

        // Every figure is a positive number (the load average alone may be zero on an idle machine).
        Assert.All(Numbers(report, "$"), n => Assert.True(n.Value > 0 || n.Path == "$.machine.loadAverageAtStart", $"{n.Path} = {n.Value}"));

        // It cleaned up after itself: no benchmark database is left behind.
        Assert.Subset(databasesBefore.ToHashSet(StringComparer.Ordinal), (await BenchDatabasesAsync(server)).ToHashSet(StringComparer.Ordinal));
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunCallClusterAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "callcluster.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = ChildProcess.Start(start);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(RunTimeout);
        }
        catch (TimeoutException e)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"callcluster {string.Join(' ', arguments)} did not finish within {RunTimeout}; stderr:\n{await stderr}", e);
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static IEnumerable<(string Path, double Value)> Numbers(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Numbers(p.Value, $"{path}.{p.Name}")),
        JsonValueKind.Array => element.EnumerateArray().SelectMany((e, i) => Numbers(e, $"{path}[{i}]")),
        JsonValueKind.Number => [(path, element.GetDouble())],
        _ => [],
    };

    private static async Task<List<string>> BenchDatabasesAsync(string server)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'callcluster_bench_%'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
