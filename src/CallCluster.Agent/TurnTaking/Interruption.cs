namespace CallCluster.Agent.TurnTaking;

/// <summary>Caller speech during agent activity that may yet become a barge-in.</summary>
internal sealed class Interruption(DateTimeOffset startedAt)
{
    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>The speech lasted the minimum interruption duration.</summary>
    public bool LongEnough { get; set; }
}
