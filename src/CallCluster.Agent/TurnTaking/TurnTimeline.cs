namespace CallCluster.Agent.TurnTaking;

/// <summary>The timestamps of one caller turn as it goes through the pipeline; becomes a <see cref="TurnLatency"/>.</summary>
internal sealed class TurnTimeline(int turnId)
{
    public int TurnId { get; } = turnId;

    public DateTimeOffset? SpeechStoppedAt { get; set; }

    public DateTimeOffset? EndOfTurnAt { get; set; }

    public DateTimeOffset? FinalAt { get; set; }

    public DateTimeOffset? DecisionRequestedAt { get; set; }

    public DateTimeOffset? DecisionCompletedAt { get; set; }

    public DateTimeOffset? FirstTokenAt { get; set; }

    public DateTimeOffset? SpeakAt { get; set; }

    public DateTimeOffset? TtsFirstByteAt { get; set; }

    public DateTimeOffset? FirstPacketAt { get; set; }

    public TurnLatency ToLatency(TurnOutcome outcome) => new(
        TurnId,
        Between(SpeechStoppedAt, EndOfTurnAt),
        Between(SpeechStoppedAt, FinalAt),
        Between(DecisionRequestedAt, DecisionCompletedAt),
        Between(DecisionCompletedAt, FirstTokenAt),
        Between(SpeakAt, TtsFirstByteAt),
        Between(SpeakAt, FirstPacketAt),
        Between(SpeechStoppedAt, FirstPacketAt),
        outcome,
        SpeechStoppedAt);

    // Timestamps come from different sources (media frames, provider callbacks); a small skew must not
    // produce a negative latency in the evidence.
    private static TimeSpan? Between(DateTimeOffset? from, DateTimeOffset? to) =>
        from is { } f && to is { } t ? (t >= f ? t - f : TimeSpan.Zero) : null;
}
