using System.Net;
using CallCluster.Host.Tests.Support;

namespace CallCluster.Host.Tests;

/// <summary><c>callcluster run</c> as a real process: probes, membership view, and a clean exit on SIGTERM.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_becomes_ready_shows_itself_Active_and_exits_cleanly_on_SIGTERM()
    {
        var evidence = Directory.CreateTempSubdirectory("cc-host-evidence-");
        var http = NodeProcess.FreeTcpPort();
        await using var node = NodeProcess.Start(http, "run", "--http", $"127.0.0.1:{http}", "--sip", "127.0.0.1:0", "--port", "0", "--evidence-dir", evidence.FullName);
        try
        {
            await node.WaitReadyAsync();

            using (var live = await node.GetAsync("/health/live"))
            {
                Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            }

            var silos = await node.GetJsonAsync("/api/silos");
            var silo = Assert.Single(silos.EnumerateArray());
            Assert.Equal("Active", silo.GetProperty("status").GetString());
            Assert.True(silo.GetProperty("self").GetBoolean());

            var calls = await node.GetJsonAsync("/api/calls");
            Assert.Equal(silo.GetProperty("address").GetString(), calls.GetProperty("silo").GetString());
            Assert.Equal(0, calls.GetProperty("activations").GetInt32());
            Assert.Empty(calls.GetProperty("lines").GetProperty("sip").EnumerateArray());

            await node.TerminateAsync();
            var exitCode = await node.WaitForExitAsync(NodeProcess.Patience);
            Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{node.Output}");
            Assert.Contains("stopped", node.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", node.Output, StringComparison.Ordinal);
        }
        finally
        {
            evidence.Delete(recursive: true);
        }
    }
}
