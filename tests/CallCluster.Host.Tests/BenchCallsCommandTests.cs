using System.Text.Json;
using CallCluster.Host.Tests.Support;
using CallCluster.Testing;

namespace CallCluster.Host.Tests;

/// <summary>
/// <c>callcluster bench calls</c> end to end: the embedded stack answers one looping caller over SIP. Asserts that turns
/// were timed on both sides and that the figures are consistent, never how fast they were.
/// </summary>
[Trait("Category", TestCategories.EndToEnd)]
[Trait("Category", TestCategories.Audio)]
public sealed class BenchCallsCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task One_caller_is_answered_and_every_figure_is_reported()
    {
        var (exitCode, stdout, stderr) = await NodeProcess.RunToExitAsync(
            Patience, "bench", "calls", "--concurrency", "1", "--duration", "00:00:05", "--warm-in", "00:00:05", "--no-capacity", "--decoders", "2", "--json");

        Assert.True(exitCode == 0, $"exit code {exitCode}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        var report = json.RootElement;
        Assert.Equal("calls", report.GetProperty("benchmark").GetString());
        var level = Assert.Single(report.GetProperty("levels").EnumerateArray().ToList());
        Assert.Equal(1, level.GetProperty("concurrency").GetInt32());
        Assert.Equal(0, level.GetProperty("callsFailed").GetInt32());
        var answers = level.GetProperty("answerMs");
        Assert.True(answers.GetProperty("count").GetInt32() >= 1, "the caller timed at least one answer");
        Assert.True(answers.GetProperty("p50").GetDouble() > 0);
        Assert.True(answers.GetProperty("p50").GetDouble() <= answers.GetProperty("p95").GetDouble());
        var agent = level.GetProperty("agent");
        Assert.True(agent.GetProperty("turns").GetInt32() >= 1, "the agent's evidence holds the timed turns");
        Assert.True(agent.GetProperty("platformOverhead").GetProperty("count").GetInt32() >= 1);

        // The worst turns by overhead, each placed in the measured span by the caller's speech stop in call.json.
        var slowest = level.GetProperty("slowestTurns").EnumerateArray().ToList();
        Assert.NotEmpty(slowest);
        Assert.Equal(agent.GetProperty("platformOverhead").GetProperty("max").GetDouble(), slowest[0].GetProperty("overheadMs").GetDouble());
        Assert.All(slowest, t => Assert.Equal(JsonValueKind.Number, t.GetProperty("atSeconds").ValueKind));
        Assert.True(level.GetProperty("threadPool").GetProperty("queueWaitMaxMs").GetDouble() >= 0, "the pool's queue was probed");
        Assert.False(report.TryGetProperty("capacity", out _), "--no-capacity reports no calls per core");
    }

    [Fact]
    public async Task Sigterm_stops_the_benchmark_with_no_report_and_exit_code_130()
    {
        // No --http: the port only names the process's HTTP client, which this test never uses.
        await using var bench = NodeProcess.Start(0, "bench", "calls", "--concurrency", "1", "--no-capacity", "--decoders", "2");
        await Eventually.TrueAsync(() => bench.Output.Contains("warm-up call", StringComparison.Ordinal), NodeProcess.Patience, "the benchmark started its warm-up call");

        await bench.TerminateAsync();

        // Well inside the silo's 30 s shutdown grace, which an abandoned call's stream once held it for.
        Assert.Equal(130, await bench.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("The benchmark was stopped; no report.", bench.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_concurrency_list_is_refused_with_the_reason()
    {
        var (exitCode, _, stderr) = await NodeProcess.RunToExitAsync("bench", "calls", "--concurrency", "1,ten");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--concurrency is a comma-separated list of positive whole numbers", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_negative_ramp_up_is_refused_with_the_reason()
    {
        var (exitCode, _, stderr) = await NodeProcess.RunToExitAsync("bench", "calls", "--ramp-up", "-00:00:01");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--ramp-up must not be negative.", stderr, StringComparison.Ordinal);
    }
}
