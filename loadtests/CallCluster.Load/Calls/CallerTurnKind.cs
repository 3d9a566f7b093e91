namespace CallCluster.Load.Calls;

/// <summary>What the scripted caller does in one turn.</summary>
public enum CallerTurnKind
{
    /// <summary>Speaks a line with the text-to-speech provider.</summary>
    Say,

    /// <summary>Presses keypad digits.</summary>
    Dtmf,

    /// <summary>Says nothing, leaving the agent room for a no-input reprompt.</summary>
    Silence,

    /// <summary>Hangs up.</summary>
    HangUp,
}
