using CallCluster.Host.Tests.Support;

namespace CallCluster.Host.Tests;

/// <summary>Bad input to the node verbs: a clear reason on stderr and exit code 1, before anything listens.</summary>
public sealed class CommandLineErrorTests
{
    [Fact]
    public async Task A_malformed_http_endpoint_is_refused_with_the_reason()
    {
        var (exitCode, _, stderr) = await NodeProcess.RunToExitAsync("run", "--http", "localhost:http");

        Assert.Equal(1, exitCode);
        Assert.Contains("--http: 'localhost' in 'localhost:http' is not an IP address.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_time_priority_out_of_range_is_refused_with_the_reason()
    {
        var (exitCode, _, stderr) = await NodeProcess.RunToExitAsync("run", "--realtime-priority", "100");

        Assert.Equal(1, exitCode);
        Assert.Contains("--realtime-priority must be 0 (off) or a SCHED_FIFO priority from 1 to 99.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_reservation_out_of_range_is_refused_with_the_reason()
    {
        var (exitCode, _, stderr) = await NodeProcess.RunToExitAsync("run", "--reserve-calls", "20000");

        Assert.Equal(1, exitCode);
        Assert.Contains("--reserve-calls must be from 0 to 10000.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_without_a_store_is_refused()
    {
        var (exitCode, _, stderr) = await NodeProcess.RunToExitAsync("silo");

        Assert.Equal(1, exitCode);
        Assert.Contains("--postgres", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_agent_config_stops_run_with_file_line_and_reason()
    {
        var directory = Directory.CreateTempSubdirectory("cc-host-agent-");
        try
        {
            var source = await File.ReadAllTextAsync(Path.Combine(NodeProcess.RepositoryRoot, "agents", "customer-service.yaml"));
            var broken = Path.Combine(directory.FullName, "broken.yaml");
            await File.WriteAllTextAsync(broken, source + "\n  this is: [not yaml\n");

            var (exitCode, _, stderr) = await NodeProcess.RunToExitAsync("run", "--agent", broken, "--http", "127.0.0.1:0", "--sip", "127.0.0.1:0");

            Assert.Equal(1, exitCode);
            Assert.Contains("broken.yaml:", stderr, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Every_node_verb_documents_its_options_with_defaults()
    {
        foreach (var verb in new[] { "run", "silo", "edge", "evidence" })
        {
            var (exitCode, stdout, _) = await NodeProcess.RunToExitAsync(verb, "--help");
            Assert.Equal(0, exitCode);
            Assert.Contains("[default: ", stdout, StringComparison.Ordinal);
        }
    }
}
