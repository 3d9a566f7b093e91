namespace CallCluster.Media.Jitter;

/// <summary>A snapshot of a jitter buffer's counters (cumulative since creation, across resets).</summary>
/// <param name="Received">Packets stored.</param>
/// <param name="Played">Frames played from a packet.</param>
/// <param name="Lost">Slots whose packet had not arrived when a later one had: concealed (a packet that turns up afterwards also counts as <paramref name="Late"/>).</param>
/// <param name="Late">Packets that arrived after their slot was played or concealed.</param>
/// <param name="Duplicates">Packets received twice.</param>
/// <param name="Concealed">Ticks that asked for concealment: lost, stretched and underrun.</param>
/// <param name="Dropped">Packets discarded to shrink the delay (sender clock faster than ours, or an overflowing burst).</param>
/// <param name="Stretched">Concealed frames inserted to grow the delay (sender clock slower than ours).</param>
/// <param name="Underruns">Ticks that found the buffer empty while playing.</param>
/// <param name="Resets">Restarts for a new stream (SSRC change, sequence jump, long silence).</param>
/// <param name="Jitter">RFC 3550 interarrival jitter estimate.</param>
/// <param name="TargetDelay">The playout delay the buffer is steering towards.</param>
/// <param name="BufferedDelay">Audio currently buffered ahead of playout.</param>
public readonly record struct JitterBufferStatistics(
    long Received,
    long Played,
    long Lost,
    long Late,
    long Duplicates,
    long Concealed,
    long Dropped,
    long Stretched,
    long Underruns,
    long Resets,
    TimeSpan Jitter,
    TimeSpan TargetDelay,
    TimeSpan BufferedDelay);
