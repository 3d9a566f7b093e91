using System.CommandLine;
using CallCluster.Grains.Evidence;

namespace CallCluster.Host.Commands;

/// <summary><c>callcluster evidence CALL_ID</c>: prints a call's evidence package (what the dashboard shows too).</summary>
internal static class EvidenceCommand
{
    public static Command Create()
    {
        var callId = new Argument<string>("CALL_ID") { Description = "The call's id (its SIP Call-ID or Twilio call sid)." };
        var directory = new Option<DirectoryInfo>("--dir")
        {
            Description = "The evidence directory the silos write to (their --evidence-dir).",
            DefaultValueFactory = _ => new DirectoryInfo("evidence"),
        };
        var json = new Option<bool>("--json") { Description = "Print the package's call.json as it is. [default: False: a readable summary]" };
        var command = new Command("evidence", "Print a call's evidence package: transcript, per-turn latencies, tool calls, final records, disposition, errors.")
        {
            callId, directory, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = new EvidenceStore(parse.GetValue(directory)!.FullName);
            var id = parse.GetValue(callId)!;
            try
            {
                if (parse.GetValue(json))
                {
                    await Console.Out.WriteLineAsync(await store.ReadJsonAsync(id, cancellationToken));
                }
                else
                {
                    await Console.Out.WriteAsync(EvidenceFormatter.ToText(await store.ReadAsync(id, cancellationToken)));
                    if (store.RecordingPath(id) is { } recording)
                    {
                        await Console.Out.WriteLineAsync($"recording: {recording}");
                    }
                }

                return 0;
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"callcluster evidence: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
