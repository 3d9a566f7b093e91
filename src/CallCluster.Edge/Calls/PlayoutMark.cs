namespace CallCluster.Edge.Calls;

/// <summary>A named point in the agent's audio, reported back once its fate is known.</summary>
/// <param name="Name">The name the handler gave to <see cref="ICallMediaChannel.Mark"/>.</param>
/// <param name="Outcome">Whether the audio before the mark reached the caller.</param>
/// <param name="At">When the edge knew it, on the playout clock: for a played mark, right after the audio before it was sent.</param>
public readonly record struct PlayoutMark(string Name, PlayoutMarkOutcome Outcome, DateTimeOffset At);

/// <summary>The fate of a playout mark.</summary>
public enum PlayoutMarkOutcome
{
    /// <summary>All audio queued before the mark has been played out (sent on RTP, or confirmed by the provider).</summary>
    Played,

    /// <summary>The playout was cleared before the mark was reached: the audio before it was not (all) heard.</summary>
    Cleared,
}
