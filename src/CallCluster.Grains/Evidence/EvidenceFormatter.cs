using System.Globalization;
using System.Text;

namespace CallCluster.Grains.Evidence;

/// <summary>The human-readable view of a package that `callcluster evidence CALL_ID` prints.</summary>
public static class EvidenceFormatter
{
    /// <summary>Formats the package as plain text: header, transcript, turn latencies, tool calls, errors.</summary>
    public static string ToText(CallEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"call {evidence.CallId}  agent {evidence.AgentVersion}  disposition {evidence.Disposition}");
        text.AppendLine(c, $"caller {evidence.Caller}  {evidence.StartedAt:u} → {evidence.EndedAt:u}  resumes {evidence.Resumes}");
        text.AppendLine("transcript:");
        foreach (var line in evidence.Transcript)
        {
            text.AppendLine(c, $"  {line.At:HH:mm:ss.fff} {line.Speaker,-7} {line.Text}{(line.Interrupted ? "  [interrupted]" : string.Empty)}");
        }

        text.AppendLine("turns (ms): id outcome end-of-utterance stt decision tts-first-byte first-packet end-to-end");
        foreach (var turn in evidence.Turns)
        {
            text.AppendLine(c, $"  {turn.TurnId} {turn.Outcome} {Ms(turn.EndOfUtteranceMs)} {Ms(turn.SttFinalMs)} {Ms(turn.DecisionMs)} {Ms(turn.TtsFirstByteMs)} {Ms(turn.FirstPacketOutMs)} {Ms(turn.EndToEndMs)}");
        }

        text.AppendLine("tool calls:");
        foreach (var tool in evidence.ToolCalls)
        {
            text.AppendLine(c, $"  {tool.Tool}({Join(tool.Arguments)}) → {tool.Outcome} {Join(tool.Result)}{(tool.Replayed ? " [replayed]" : string.Empty)}{(tool.Error is null ? string.Empty : " error: " + tool.Error)}");
        }

        text.AppendLine(c, $"final records: {Join(evidence.FinalRecords)}");
        text.AppendLine(c, $"counters: {Join(evidence.Counters.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(c)))}");
        foreach (var error in evidence.Errors)
        {
            text.AppendLine(c, $"error {error.At:HH:mm:ss.fff} {error.Stage}: {error.Message}");
        }

        return text.ToString();

        static string Ms(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "-";

        static string Join(IReadOnlyDictionary<string, string> values) => string.Join(", ", values.Select(kv => kv.Key + "=" + kv.Value));
    }
}
