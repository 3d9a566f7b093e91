using CallCluster.Load.Calls.Reporting;

namespace CallCluster.Load.Calls;

/// <summary>One caller turn (or the greeting, index 0) and the agent utterance that answers it, as the call goes.</summary>
internal sealed class CallExchange(int index, CallerTurn? turn)
{
    public int Index { get; } = index;

    /// <summary>The script's turn; null for the greeting.</summary>
    public CallerTurn? Turn { get; } = turn;

    public TimeSpan StartedAt { get; set; }

    /// <summary>When the caller's last audio went out; the agent's answer is awaited from then.</summary>
    public TimeSpan? EndedAt { get; set; }

    public bool OverlappedAgent { get; set; }

    /// <summary>Silence at the end of the caller's audio (synthesiser padding), written by the speaking task before its end mark.</summary>
    public TimeSpan TrailingSilence { get; set; }

    public UtteranceCapture? Response { get; set; }

    public async Task<CallTurnReport> ToReportAsync(TimeSpan timeout, ICollection<string> errors)
    {
        var response = Response is null ? null : await Response.ResultAsync(timeout, errors);
        var endedAt = EndedAt ?? StartedAt;
        TimeSpan? latency = response is null ? null : response.StartedAt > endedAt ? response.StartedAt - endedAt : TimeSpan.Zero;
        return new CallTurnReport(Index, Turn!.ToString(), Turn.Text, StartedAt, endedAt, OverlappedAgent, response, latency);
    }
}
