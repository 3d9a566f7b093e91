using System.Text.Json;
using CallCluster.Agent.Simulation;

namespace CallCluster.Host.Tests.Commands;

public sealed class AgentCommandsTests
{
    private const string Agent = "agents/customer-service.yaml";

    [Fact]
    public async Task Validate_accepts_the_default_agent()
    {
        var (exit, output, _) = await Cli.RunAsync("validate", Agent);

        Assert.Equal(0, exit);
        Assert.Contains("ok — agent 'customer-service' version ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_lists_every_error_with_its_position_and_exits_1()
    {
        var (exit, _, error) = await Cli.RunAsync("validate", "tests/CallCluster.Agent.Tests/Configs/broken.yaml");

        Assert.Equal(1, exit);
        Assert.Contains("tests/CallCluster.Agent.Tests/Configs/broken.yaml:19:10: template names unknown slot '{caller_name}'", error, StringComparison.Ordinal);
        Assert.Contains("broken.yaml:41:5: node 'orphan': unknown key 'nxt'", error, StringComparison.Ordinal);
        Assert.Contains("12 error(s).", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Graph_prints_mermaid()
    {
        var (exit, output, _) = await Cli.RunAsync("graph", Agent);

        Assert.Equal(0, exit);
        Assert.StartsWith("flowchart TD", output, StringComparison.Ordinal);
        Assert.Contains("|ask_for_human|", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_help_documents_every_option_and_its_default()
    {
        var (exit, output, _) = await Cli.RunAsync("simulate", "--help");

        Assert.Equal(0, exit);
        foreach (var option in (string[])["--say", "--dtmf", "--json", "--save-test", "--caller", "--now"])
        {
            var line = output.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(option, StringComparison.Ordinal));
            Assert.True(line is not null, $"--help does not list {option}:\n{output}");
            Assert.Contains("Default", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Simulate_runs_scripted_turns_in_order_and_prints_json()
    {
        var (exit, output, _) = await Cli.RunAsync("simulate", Agent, "--json", "--now", "2026-01-05T10:00:00Z",
            "--say", "where is my order", "--dtmf", "123456#", "--say", "no that's all");

        Assert.Equal(0, exit);
        var turns = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, turns.Count);
        Assert.Equal("dtmf 123456#", turns[2].GetProperty("input").GetString());
        var call = turns[2].GetProperty("ToolCalls")[0];
        Assert.Equal(("lookup_order", "ok"), (call.GetProperty("Tool").GetString(), call.GetProperty("Outcome").GetString()));
        Assert.Equal("123456", call.GetProperty("Arguments").GetProperty("order_number").GetString());
        Assert.True(turns[3].GetProperty("Ended").GetBoolean());
        Assert.Equal("resolved", turns[3].GetProperty("Disposition").GetString());
    }

    [Fact]
    public async Task Simulate_saves_a_session_that_replays()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cc-session-{Guid.NewGuid():N}.yaml");
        try
        {
            var (exit, _, _) = await Cli.RunAsync("simulate", Agent, "--now", "2026-01-05T10:00:00Z", "--save-test", path,
                "--say", "call me back", "--say", "tomorrow", "--say", "at 3 pm", "--say", "");

            Assert.Equal(0, exit);
            var session = SessionFile.Load(path);
            Assert.Equal(5, session.Turns.Count);
            Assert.True(session.Turns[4].NoInput);
            Assert.Equal(["book_callback:ok"], session.Turns[3].Expect.Tools);
            Assert.Empty(await SessionReplayer.ReplayAsync(path, TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
