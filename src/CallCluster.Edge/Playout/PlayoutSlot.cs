namespace CallCluster.Edge.Playout;

/// <summary>What one call has between its playout buffer and the wire for the coming tick.</summary>
internal enum PlayoutSlot
{
    /// <summary>Nothing prepared: the last prepared frame has been sent and the next not taken yet.</summary>
    Empty,

    /// <summary>Comfort silence is prepared: a talk spurt starting now may take its place at once.</summary>
    Silence,

    /// <summary>Agent audio is prepared and not sent yet: marks behind it wait for the send.</summary>
    Audio,

    /// <summary>The first frame of a talk spurt went out early in this tick's place; the tick sends nothing more.</summary>
    SentEarly,
}
