using System.Text.Json;
using CallCluster.Host.Tests.Support;
using CallCluster.Testing;

namespace CallCluster.Host.Tests;

/// <summary>
/// <c>callcluster demo --calls 2 --json</c> end to end: the real binary starts the one-process cluster, two scripted
/// callers speak synthesized audio to the call grain, and each call is judged by the agent's own evidence package.
/// </summary>
[Trait("Category", TestCategories.EndToEnd)]
[Trait("Category", TestCategories.Audio)]
public sealed class DemoCommandTests
{
    [Fact(Skip = "The first call in a fresh process fails: its greeting starts ~12 s late and the call grain never hears the "
        + "caller (evidence: reprompts 2, no caller line), so `demo` exits 1. Later calls pass. Owner: callgrain; unskip when fixed.")]
    public async Task Demo_with_two_calls_passes_both_and_reports_turn_latency()
    {
        var evidence = Directory.CreateTempSubdirectory("cc-host-demo-");
        try
        {
            var (exitCode, stdout, stderr) = await NodeProcess.RunToExitAsync("demo", "--calls", "2", "--json", "--evidence-dir", evidence.FullName);

            Assert.True(exitCode == 0, $"exit code {exitCode}\nstdout:\n{stdout}\nstderr:\n{stderr}");
            using var json = JsonDocument.Parse(stdout);
            var report = json.RootElement;
            Assert.Equal(2, report.GetProperty("calls").GetInt32());
            Assert.Equal(2, report.GetProperty("passed").GetInt32());
            Assert.True(report.GetProperty("turnLatencyMs").GetProperty("turns").GetInt32() >= 2);
            foreach (var call in report.GetProperty("results").EnumerateArray())
            {
                Assert.Equal(call.GetProperty("expectedDisposition").GetString(), call.GetProperty("disposition").GetString());
                var package = Path.Combine(evidence.FullName, call.GetProperty("callId").GetString()!, "call.json");
                Assert.True(File.Exists(package), $"{package} exists");
            }
        }
        finally
        {
            evidence.Delete(recursive: true);
        }
    }
}
