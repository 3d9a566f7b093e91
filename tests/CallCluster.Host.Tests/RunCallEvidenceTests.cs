using System.Text.Json;
using CallCluster.Host.Tests.Support;
using CallCluster.Testing;

namespace CallCluster.Host.Tests;

/// <summary>
/// A real SIP call (SIPp) into <c>callcluster run</c>: SIP edge → grain adapter → call grain with the default agent →
/// evidence package on disk, which <c>callcluster evidence</c> then prints.
/// </summary>
[Trait("Category", TestCategories.Sipp)]
[Trait("Category", TestCategories.EndToEnd)]
public sealed class RunCallEvidenceTests
{
    [Fact]
    public async Task A_SIPp_call_into_run_leaves_an_evidence_package_that_the_evidence_verb_prints()
    {
        var evidence = Directory.CreateTempSubdirectory("cc-host-evidence-");
        var http = NodeProcess.FreeTcpPort();
        var sip = FreeUdpPorts.One();
        var prefix = "hosttest" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await using (var node = NodeProcess.Start(http, "run", "--http", $"127.0.0.1:{http}", "--sip", $"127.0.0.1:{sip}", "--port", "0", "--evidence-dir", evidence.FullName))
            {
                await node.WaitReadyAsync();
                await Sipp.CallAsync(sip, calls: 1, hold: TimeSpan.FromSeconds(4), prefix);

                var callId = prefix + "-1";
                var package = Path.Combine(evidence.FullName, callId, "call.json");
                await Eventually.TrueAsync(() => File.Exists(package), NodeProcess.Patience, $"the evidence package {package} to be written");

                await node.TerminateAsync();
                Assert.Equal(0, await node.WaitForExitAsync(NodeProcess.Patience));
            }

            var id = prefix + "-1";
            var (jsonExit, json, jsonErrors) = await NodeProcess.RunToExitAsync("evidence", id, "--dir", evidence.FullName, "--json");
            Assert.True(jsonExit == 0, jsonErrors);
            using (var document = JsonDocument.Parse(json))
            {
                var root = document.RootElement;
                Assert.Equal(id, root.GetProperty("callId").GetString());
                Assert.Equal("caller_hung_up", root.GetProperty("disposition").GetString());
                Assert.Contains(root.GetProperty("transcript").EnumerateArray(), line => line.GetProperty("speaker").GetString() == "agent");
                Assert.Equal(0, root.GetProperty("counters").GetProperty("agent_disappeared").GetInt32());
            }

            var (textExit, text, _) = await NodeProcess.RunToExitAsync("evidence", id, "--dir", evidence.FullName);
            Assert.Equal(0, textExit);
            Assert.StartsWith($"call {id}  agent ", text, StringComparison.Ordinal);
            Assert.Contains("disposition caller_hung_up", text, StringComparison.Ordinal);
            Assert.Contains("recording: ", text, StringComparison.Ordinal);

            var (missingExit, _, missingErrors) = await NodeProcess.RunToExitAsync("evidence", "no-such-call", "--dir", evidence.FullName);
            Assert.Equal(1, missingExit);
            Assert.Contains("No evidence package for call 'no-such-call'", missingErrors, StringComparison.Ordinal);
        }
        finally
        {
            evidence.Delete(recursive: true);
        }
    }
}
