using CallCluster.Edge.Calls;

namespace CallCluster.Load.Calls;

/// <summary>One input to the scripted caller's loop; audio rides in a pooled array the loop returns.</summary>
internal readonly record struct SessionEvent(SessionEventKind Kind, short[]? Samples, TimeSpan At, PlayoutMark Mark, CallEnd End)
{
    public static SessionEvent Audio(short[] samples, TimeSpan at) => new(SessionEventKind.Audio, samples, at, default, default);

    public static SessionEvent MarkOutcome(PlayoutMark mark, TimeSpan at) => new(SessionEventKind.Mark, null, at, mark, default);

    public static SessionEvent Tick(TimeSpan at) => new(SessionEventKind.Tick, null, at, default, default);

    public static SessionEvent Ended(CallEnd end, TimeSpan at) => new(SessionEventKind.Ended, null, at, default, end);
}

/// <summary>What a <see cref="SessionEvent"/> carries.</summary>
internal enum SessionEventKind
{
    Audio,
    Mark,
    Tick,
    Ended,
}
