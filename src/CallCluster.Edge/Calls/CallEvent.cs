namespace CallCluster.Edge.Calls;

/// <summary>One entry in a call's ordered event stream to its handler; audio rides in a pooled array.</summary>
internal readonly record struct CallEvent(CallEventKind Kind, short[]? Samples, char Digit, PlayoutMark Mark, CallEnd End)
{
    public static CallEvent Audio(short[] samples) => new(CallEventKind.Audio, samples, default, default, default);

    public static CallEvent Dtmf(char digit) => new(CallEventKind.Dtmf, null, digit, default, default);

    public static CallEvent MarkOutcome(PlayoutMark mark) => new(CallEventKind.Mark, null, default, mark, default);

    public static CallEvent Ended(CallEnd end) => new(CallEventKind.Ended, null, default, default, end);
}

/// <summary>What a <see cref="CallEvent"/> carries.</summary>
internal enum CallEventKind
{
    Audio,
    Dtmf,
    Mark,
    Ended,
}
