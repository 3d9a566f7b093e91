using System.Diagnostics;
using CallCluster.Agent.TurnTaking;

namespace CallCluster.Grains.Telemetry;

/// <summary>
/// The layer's <see cref="ActivitySource"/>: one "call.turn" span per turn with a child span per stage
/// (endpointing, stt, decision, tts, first_packet), laid out from the machine's latency breakdown.
/// </summary>
public static class GrainsTelemetry
{
    /// <summary>The source name to subscribe to.</summary>
    public const string SourceName = "CallCluster.Grains";

    /// <summary>The source.</summary>
    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>Records the spans of a finished turn that ended at <paramref name="endedAt"/>.</summary>
    public static void RecordTurn(string callId, TurnLatency latency, DateTimeOffset endedAt)
    {
        ArgumentNullException.ThrowIfNull(latency);
        if (!Source.HasListeners())
        {
            return;
        }

        var total = latency.EndToEnd ?? Sum(latency);
        var start = endedAt - total;
        using var turn = Source.StartActivity("call.turn", ActivityKind.Internal, parentContext: default, startTime: start);
        if (turn is null)
        {
            return;
        }

        turn.SetTag("call.id", callId);
        turn.SetTag("turn.id", latency.TurnId);
        turn.SetTag("turn.outcome", latency.Outcome.ToString());
        var at = start;
        at = Stage("endpointing", latency.EndOfUtterance, at, turn);
        at = Stage("stt", latency.SttFinal, at, turn);
        at = Stage("decision", latency.Decision, at, turn);
        at = Stage("tts", latency.TtsFirstByte, at, turn);
        Stage("first_packet", latency.FirstPacketOut, at, turn);
        turn.SetEndTime(endedAt.UtcDateTime);
    }

    private static DateTimeOffset Stage(string name, TimeSpan? duration, DateTimeOffset at, Activity parent)
    {
        if (duration is not { } length)
        {
            return at;
        }

        using var stage = Source.StartActivity(name, ActivityKind.Internal, parent.Context, startTime: at);
        stage?.SetEndTime((at + length).UtcDateTime);
        return at + length;
    }

    private static TimeSpan Sum(TurnLatency l) =>
        (l.EndOfUtterance ?? TimeSpan.Zero) + (l.SttFinal ?? TimeSpan.Zero) + (l.Decision ?? TimeSpan.Zero) + (l.TtsFirstByte ?? TimeSpan.Zero) + (l.FirstPacketOut ?? TimeSpan.Zero);
}
