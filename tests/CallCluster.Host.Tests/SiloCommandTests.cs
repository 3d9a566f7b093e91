using System.Text.Json;
using CallCluster.Host.Tests.Support;
using CallCluster.Testing;
using Npgsql;

namespace CallCluster.Host.Tests;

/// <summary>
/// <c>callcluster silo</c> and <c>callcluster edge</c> as real processes on one PostgreSQL cluster store: silos join
/// membership, the edge sees them, and a silo that gets SIGTERM leaves gracefully (Dead in the table, exit code 0).
/// </summary>
[Trait("Category", TestCategories.Postgres)]
public sealed class SiloCommandTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const int Dead = 4;
    private const int Active = 2;

    [Fact]
    public async Task Two_silos_and_an_edge_form_a_cluster_and_a_SIGTERMed_silo_leaves_it_gracefully()
    {
        var clusterId = "host-" + Guid.NewGuid().ToString("N")[..8];
        var evidence = Directory.CreateTempSubdirectory("cc-host-evidence-");
        try
        {
            await using var first = StartSilo(clusterId, evidence.FullName);
            await using var second = StartSilo(clusterId, evidence.FullName);
            await first.WaitReadyAsync();
            await second.WaitReadyAsync();

            await Eventually.TrueAsync(async () => await StatusCountAsync(clusterId, Active) == 2, NodeProcess.Patience, "both silos to be Active in the membership table");
            await Eventually.TrueAsync(async () => ActiveIn(await second.GetJsonAsync("/api/silos")) == 2, NodeProcess.Patience, "the second silo to see two Active silos");

            var edgeHttp = NodeProcess.FreeTcpPort();
            await using var edge = NodeProcess.Start(
                edgeHttp, "edge", "--postgres", database.ConnectionString, "--cluster-id", clusterId, "--sip", "127.0.0.1:0", "--http", $"127.0.0.1:{edgeHttp}");
            await edge.WaitReadyAsync();
            var edgeView = await edge.GetJsonAsync("/api/silos");
            Assert.Equal(2, ActiveIn(edgeView));
            Assert.All(edgeView.EnumerateArray(), s => Assert.False(s.GetProperty("self").GetBoolean()));
            Assert.Null((await edge.GetJsonAsync("/api/calls")).GetProperty("activations").GetString());

            var firstAddress = (await first.GetJsonAsync("/api/calls")).GetProperty("silo").GetString();
            await first.TerminateAsync();
            var exitCode = await first.WaitForExitAsync(NodeProcess.Patience);
            Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{first.Output}");

            Assert.Equal(1, await StatusCountAsync(clusterId, Dead));
            await Eventually.TrueAsync(
                async () => (await second.GetJsonAsync("/api/silos")).EnumerateArray().Any(s => s.GetProperty("address").GetString() == firstAddress && s.GetProperty("status").GetString() == "Dead"),
                NodeProcess.Patience,
                "the remaining silo to read the stopped one as Dead");
            await Eventually.TrueAsync(async () => ActiveIn(await edge.GetJsonAsync("/api/silos")) == 1, NodeProcess.Patience, "the edge to see one Active silo");
            await second.WaitReadyAsync();
        }
        finally
        {
            evidence.Delete(recursive: true);
        }
    }

    private NodeProcess StartSilo(string clusterId, string evidence)
    {
        var http = NodeProcess.FreeTcpPort();
        return NodeProcess.Start(
            http, "silo", "--postgres", database.ConnectionString, "--cluster-id", clusterId, "--port", "0", "--http", $"127.0.0.1:{http}", "--evidence-dir", evidence, "--grace", "00:00:05");
    }

    private static int ActiveIn(JsonElement silos) => silos.EnumerateArray().Count(s => s.GetProperty("status").GetString() == "Active");

    private async Task<long> StatusCountAsync(string clusterId, int status)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM membership WHERE cluster_id = @cluster AND status = @status", connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        command.Parameters.AddWithValue("status", (short)status);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
