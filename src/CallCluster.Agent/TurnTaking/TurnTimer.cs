namespace CallCluster.Agent.TurnTaking;

/// <summary>The timers the machine arms on its <see cref="TimeProvider"/>.</summary>
public enum TurnTimer
{
    /// <summary>Silence after the caller's speech that ends the turn.</summary>
    Endpointing,

    /// <summary>Wait for the STT final after the turn was ended.</summary>
    RecognitionFinal,

    /// <summary>Silence while listening that triggers a reprompt.</summary>
    NoInput,

    /// <summary>Gap between DTMF digits that ends a keyed entry.</summary>
    DtmfInterDigit,

    /// <summary>The maximum call length.</summary>
    MaxCallDuration,

    /// <summary>The decision (tool choice, tool calls) for a turn.</summary>
    Decision,

    /// <summary>The response text after the decision.</summary>
    Response,

    /// <summary>Caller speech during agent activity must last this long to count as an interruption.</summary>
    InterruptionMinDuration,

    /// <summary>An agent turn must produce audio within this time, or its fallback plays.</summary>
    FirstAudio,

    /// <summary>Playout is paused for a possible interruption and resumes if no words arrive.</summary>
    FalseInterruption,
}
