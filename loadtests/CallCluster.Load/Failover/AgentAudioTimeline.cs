using System.Diagnostics;

namespace CallCluster.Load.Failover;

/// <summary>
/// When the caller heard the agent: the runs of audible agent frames on the caller's leg, as <see cref="Stopwatch"/>
/// timestamps (one monotonic clock for the driver, so they compare with the kill instant). A frame is audible when a
/// sample reaches about -36 dBFS: synthesisers pad with digital silence, and a cleared playout sends nothing or silence.
/// Runs closer than <see cref="PauseInsideSpeech"/> are one run: a pause between words is not a gap.
/// </summary>
public sealed class AgentAudioTimeline
{
    /// <summary>200 ms: longer than the pauses inside a synthesised sentence, far shorter than a failover.</summary>
    public static readonly TimeSpan PauseInsideSpeech = TimeSpan.FromMilliseconds(200);

    private const int AudibleSample = 512;
    private static readonly long FrameTicks = Stopwatch.Frequency / 50;
    private static readonly long PauseTicks = (long)(PauseInsideSpeech.TotalSeconds * Stopwatch.Frequency);

    private readonly Lock _gate = new();
    private readonly List<(long Start, long End)> _runs = [];

    /// <summary>Records one 20 ms frame of agent audio received at <paramref name="at"/> (its start).</summary>
    public void Observe(ReadOnlySpan<short> frame, long at)
    {
        if (!IsAudible(frame))
        {
            return;
        }

        var end = at + FrameTicks;
        lock (_gate)
        {
            if (_runs.Count > 0 && at - _runs[^1].End <= PauseTicks)
            {
                _runs[^1] = (_runs[^1].Start, end);
            }
            else
            {
                _runs.Add((at, end));
            }
        }
    }

    /// <summary>True once the agent has been heard at or after <paramref name="since"/>.</summary>
    public bool HeardSince(long since)
    {
        lock (_gate)
        {
            return _runs.Count > 0 && _runs[^1].End > since;
        }
    }

    /// <summary>
    /// The gap in agent audio across <paramref name="kill"/>: the agent's silence the caller waited through. It starts at
    /// the end of the agent's audio that was playing at the kill (the dead activation's, until the edge cleared it), or
    /// at the kill itself when the agent was silent, and ends at the first agent audio after that. A listening agent's
    /// silence is not a gap: when the caller spoke or keyed a line (<paramref name="callerLines"/>) after the gap's start
    /// and before the agent's next audio, the gap starts at the end of that line; an agent that spoke while the caller
    /// was still on a line leaves no gap. Null when the agent was never heard again.
    /// </summary>
    public TimeSpan? GapAcross(long kill, IReadOnlyList<(long Start, long End)>? callerLines = null)
    {
        lock (_gate)
        {
            var from = kill;
            foreach (var (start, end) in _runs)
            {
                if (start <= kill && end > kill)
                {
                    from = end;
                }
                else if (start > kill && start >= from)
                {
                    var waitedFrom = from;
                    foreach (var (lineStart, lineEnd) in callerLines ?? [])
                    {
                        if (lineEnd > from && lineStart < start)
                        {
                            waitedFrom = Math.Max(waitedFrom, lineEnd);
                        }
                    }

                    return start > waitedFrom ? Stopwatch.GetElapsedTime(waitedFrom, start) : TimeSpan.Zero;
                }
            }

            return null;
        }
    }

    private static bool IsAudible(ReadOnlySpan<short> frame)
    {
        foreach (var sample in frame)
        {
            if (sample >= AudibleSample || sample <= -AudibleSample)
            {
                return true;
            }
        }

        return false;
    }
}
