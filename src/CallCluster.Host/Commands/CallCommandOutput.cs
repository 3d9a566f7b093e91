using CallCluster.Load.Calls.Reporting;
using Spectre.Console;

namespace CallCluster.Host.Commands;

/// <summary>The report as a terminal table: one row per utterance, with the caller's waits.</summary>
internal static class CallCommandOutput
{
    public static void WriteTable(CallReport report, TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
        });
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("#")
            .AddColumn("at")
            .AddColumn("who")
            .AddColumn("said / heard")
            .AddColumn(new TableColumn("wait").RightAligned())
            .AddColumn(new TableColumn("agent turn").RightAligned());
        if (report.Greeting is { } greeting)
        {
            AddAgentRow(table, "0", greeting, latency: null);
        }

        foreach (var turn in report.Turns)
        {
            var said = turn.Said.Length > 0 ? turn.Said : "(silence)";
            var overlap = turn.OverlappedAgent ? " [yellow](barge-in)[/]" : string.Empty;
            table.AddRow(turn.Index.ToString(), Seconds(turn.StartedAt), "caller", Markup.Escape($"{turn.Turn.Split(' ')[0]}: {said}") + overlap, string.Empty, string.Empty);
            if (turn.Response is { } response)
            {
                AddAgentRow(table, turn.Index.ToString(), response, turn.ResponseLatency);
            }
            else
            {
                table.AddRow(turn.Index.ToString(), string.Empty, "agent", "[red](no answer)[/]", string.Empty, string.Empty);
            }
        }

        console.Write(table);
        var colour = report.Disposition is CallDisposition.Completed or CallDisposition.AgentHungUp ? "green" : "red";
        console.MarkupLine($"[{colour}]{report.Disposition}[/] ({Markup.Escape(report.EndReason)}) after {report.Duration.TotalSeconds:0.0} s, codec {Markup.Escape(report.Codec)}, call {Markup.Escape(report.CallId)}");
        var latencies = report.Turns.Where(t => t.ResponseLatency is not null).Select(t => t.ResponseLatency!.Value.TotalMilliseconds).Order().ToList();
        if (latencies.Count > 0)
        {
            console.MarkupLine($"wait for the agent: min {latencies[0]:0} ms, median {latencies[latencies.Count / 2]:0} ms, max {latencies[^1]:0} ms");
        }

        foreach (var error in report.Errors)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(error)}");
        }
    }

    private static void AddAgentRow(Table table, string index, AgentUtterance utterance, TimeSpan? latency)
    {
        var text = utterance.Text.Length > 0 ? Markup.Escape(utterance.Text) : "[grey](not recognised)[/]";
        if (utterance.Interrupted)
        {
            text += " [yellow](interrupted)[/]";
        }

        table.AddRow(index, Seconds(utterance.StartedAt), "agent", text, latency is { } l ? $"{l.TotalMilliseconds:0} ms" : string.Empty, $"{utterance.Duration.TotalSeconds:0.0} s");
    }

    private static string Seconds(TimeSpan at) => $"{at.TotalSeconds:0.00}s";
}
