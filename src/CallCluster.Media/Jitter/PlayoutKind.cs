namespace CallCluster.Media.Jitter;

/// <summary>What to play for one 20 ms tick.</summary>
public enum PlayoutKind
{
    /// <summary>Decode <see cref="Playout.Payload"/>.</summary>
    Packet,

    /// <summary>
    /// No packet for this slot (lost, or a frame inserted to grow the delay): conceal, with the FEC in
    /// <see cref="Playout.NextPayload"/> when it is present.
    /// </summary>
    Conceal,

    /// <summary>Not playing (buffering at the start, or the stream stopped): play silence.</summary>
    Silence,
}
