using System.CommandLine;
using CallCluster.Host.Commands;
using CallCluster.Load.Calls;
using CallCluster.Load.Calls.Reporting;
using CallCluster.Testing;

namespace CallCluster.EndToEnd.Tests.Caller;

/// <summary>The <c>callcluster call</c> verb: its command line, and a real call to the in-process echo.</summary>
[Collection(CallerAudioCollection.Name)]
public sealed class CallCommandTests
{
    [Fact]
    public void Turns_run_in_command_line_order_and_barge_in_applies_to_the_next_say()
    {
        var result = Parse("call", "loopback:echo", "--say", "hello", "--dtmf", "12#", "--silence", "3000", "--barge-in", "500", "--say", "stop", "--say", "bye");

        var script = CallCommand.ReadScript(result);

        Assert.Equal(
            ["say \"hello\"", "dtmf 12#", "silence 3000 ms", "say (barge-in 500 ms) \"stop\"", "say \"bye\""],
            script.Turns.Select(t => t.ToString()));
        Assert.Equal(TimeSpan.FromMilliseconds(500), script.Turns[3].BargeInAfter);
        Assert.Null(script.Turns[4].BargeInAfter);
    }

    [Theory]
    [InlineData("'x' is not a DTMF digit", "--dtmf", "12x")]
    [InlineData("--barge-in applies to the --say after it", "--say", "hi", "--barge-in", "300")]
    [InlineData("--silence takes a positive number of milliseconds", "--silence", "-5")]
    [InlineData("at least one turn", "--json")]
    public async Task Bad_turns_are_refused_with_the_reason_and_exit_code_2(string reason, params string[] options)
    {
        var (exit, output, error) = await InvokeAsync(["call", "loopback:echo", .. options]);

        Assert.Equal(CallCommand.ExitCodes.BadInput, exit);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Theory]
    [InlineData("agent@example.com")]
    [InlineData("sip:")]
    [InlineData("http://agent")]
    public async Task A_target_that_is_not_a_sip_uri_is_refused(string target)
    {
        var (exit, _, error) = await InvokeAsync(["call", target, "--say", "hello"]);

        Assert.Equal(CallCommand.ExitCodes.BadInput, exit);
        Assert.Contains("is not a target", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_codec_is_refused()
    {
        var (exit, _, error) = await InvokeAsync(["call", "sip:agent@127.0.0.1:5080", "--say", "hello", "--codec", "opus,GSM"]);

        Assert.Equal(CallCommand.ExitCodes.BadInput, exit);
        Assert.Contains("--codec 'opus,GSM'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_carry_their_defaults_and_the_expected_phrases()
    {
        var options = CallCommand.ReadOptions(Parse("call", "loopback:echo", "--say", "hi", "--expect", "thank you", "--expect", "goodbye"));

        Assert.Equal(new ScriptedCallerOptions().EndOfTurnSilence, options.EndOfTurnSilence);
        Assert.Equal(new ScriptedCallerOptions().AgentResponseTimeout, options.AgentResponseTimeout);
        Assert.True(options.WaitForGreeting);
        Assert.Equal(["thank you", "goodbye"], options.Hints.Phrases);
    }

    [Fact]
    [Trait("Category", TestCategories.Audio)]
    public async Task Calling_the_echo_prints_a_json_report_with_the_callers_own_words_heard_back_and_records_the_call()
    {
        var recording = Path.Combine(Path.GetTempPath(), $"callcluster-call-{Guid.NewGuid():N}.wav");
        try
        {
            var (exit, output, error) = await InvokeAsync(
                ["call", "loopback:echo", "--say", "where is my order", "--expect", "where is my order", "--json", "--record", recording]);

            Assert.True(exit == CallCommand.ExitCodes.Ok, $"exit {exit}: {error}");
            var report = CallReportJson.Deserialize(output);
            Assert.NotNull(report);
            Assert.Equal(CallDisposition.Completed, report.Disposition);
            var turn = Assert.Single(report.Turns);
            Assert.Equal("where is my order", turn.Said);
            Assert.Equal("where is my order", turn.Response?.Text);

            // 16 kHz stereo, 16-bit: at least the second or so the line took to say.
            Assert.True(new FileInfo(recording).Length > 16_000 * 2 * 2, "the recording is shorter than the call");
        }
        finally
        {
            File.Delete(recording);
        }
    }

    private static ParseResult Parse(params string[] args)
    {
        var root = new RootCommand { CallCommand.Create() };
        return root.Parse(args);
    }

    private static async Task<(int Exit, string Output, string Error)> InvokeAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }
}
