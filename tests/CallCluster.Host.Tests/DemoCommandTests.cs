using System.Text.Json;
using CallCluster.Host.Tests.Support;
using CallCluster.Testing;

namespace CallCluster.Host.Tests;

/// <summary>
/// <c>callcluster demo --calls 2 --json</c> end to end: the real binary starts the one-process cluster, two scripted
/// callers place SIP calls to its edge and speak synthesized audio over RTP, and each call is judged by the agent's own
/// evidence package. The first call of a fresh process is one of the two: it used to go unheard while the speech models
/// loaded on the call path.
/// </summary>
[Trait("Category", TestCategories.EndToEnd)]
[Trait("Category", TestCategories.Audio)]
public sealed class DemoCommandTests
{
    /// <summary>Two calls of about 25 s each; a loaded shared machine runs them several times slower.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task Demo_with_two_calls_passes_both_and_reports_turn_latency()
    {
        var evidence = Directory.CreateTempSubdirectory("cc-host-demo-");
        try
        {
            var (exitCode, stdout, stderr) = await NodeProcess.RunToExitAsync(Patience, "demo", "--calls", "2", "--json", "--evidence-dir", evidence.FullName);

            Assert.True(exitCode == 0, $"exit code {exitCode}\nstdout:\n{stdout}\nstderr:\n{stderr}");
            using var json = JsonDocument.Parse(stdout);
            var report = json.RootElement;
            Assert.Equal(2, report.GetProperty("calls").GetInt32());
            Assert.Equal(2, report.GetProperty("passed").GetInt32());
            Assert.True(report.GetProperty("turnLatencyMs").GetProperty("turns").GetInt32() >= 2);
            // A package's folder is the call id made safe for a file name; the id itself is inside.
            var packaged = Directory.EnumerateFiles(evidence.FullName, "call.json", SearchOption.AllDirectories)
                .Select(path => JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("callId").GetString())
                .ToList();
            foreach (var call in report.GetProperty("results").EnumerateArray())
            {
                Assert.Equal(call.GetProperty("expectedDisposition").GetString(), call.GetProperty("disposition").GetString());
                Assert.Contains(call.GetProperty("callId").GetString(), packaged);
            }
        }
        finally
        {
            evidence.Delete(recursive: true);
        }
    }
}
