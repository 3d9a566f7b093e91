namespace CallCluster.Load.Calls.Reporting;

/// <summary>What a scripted call found: who said what, how long the caller waited, and how it ended.</summary>
/// <param name="CallId">The call's id on the caller's edge (the SIP Call-ID on a SIP leg).</param>
/// <param name="Codec">The codec on the line.</param>
/// <param name="Greeting">The agent's first turn before the caller spoke, or null when it did not greet.</param>
/// <param name="Turns">Every caller turn that ran, in order.</param>
/// <param name="Disposition">How the call ended.</param>
/// <param name="EndReason">The edge's reason for the end ("bye", "hangup", "rtp-timeout"), no PII.</param>
/// <param name="Duration">From answer to end.</param>
/// <param name="Errors">What went wrong on the caller's side (a recogniser or synthesiser failure); the call went on.</param>
public sealed record CallReport(
    string CallId,
    string Codec,
    AgentUtterance? Greeting,
    IReadOnlyList<CallTurnReport> Turns,
    CallDisposition Disposition,
    string EndReason,
    TimeSpan Duration,
    IReadOnlyList<string> Errors)
{
    /// <summary>
    /// Where the agent transferred the caller (the Refer-To of its REFER, which the caller's phone then "called"), or
    /// null when it did not.
    /// </summary>
    public string? TransferredTo { get; init; }

    /// <summary>The conversation in order, one line per utterance: ("agent" or "caller", text).</summary>
    public IReadOnlyList<TranscriptLine> Transcript
    {
        get
        {
            var lines = new List<TranscriptLine>();
            if (Greeting is { } greeting)
            {
                lines.Add(new TranscriptLine("agent", greeting.StartedAt, greeting.Text));
            }

            foreach (var turn in Turns)
            {
                if (turn.Said.Length > 0)
                {
                    lines.Add(new TranscriptLine("caller", turn.StartedAt, turn.Said));
                }

                if (turn.Response is { } response)
                {
                    lines.Add(new TranscriptLine("agent", response.StartedAt, response.Text));
                }
            }

            return lines;
        }
    }
}

/// <summary>One line of a call's transcript.</summary>
public sealed record TranscriptLine(string Speaker, TimeSpan At, string Text);
