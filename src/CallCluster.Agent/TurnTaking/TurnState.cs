namespace CallCluster.Agent.TurnTaking;

/// <summary>Who holds the floor on the call, as the turn-taking machine sees it.</summary>
public enum TurnState
{
    /// <summary>Created, waiting for <see cref="CallStarted"/>.</summary>
    Idle,

    /// <summary>The agent is speaking the greeting; the caller may barge in.</summary>
    Greeting,

    /// <summary>Nobody speaks; the no-input timer runs.</summary>
    Listening,

    /// <summary>The caller is speaking, or paused within the endpointing window.</summary>
    CallerSpeaking,

    /// <summary>The caller's turn is complete; the decision and response are in flight.</summary>
    Thinking,

    /// <summary>The agent is speaking a response, reprompt, fallback or resume line.</summary>
    AgentSpeaking,

    /// <summary>A warm transfer is in progress; the caller waits.</summary>
    Transferring,

    /// <summary>The agent says goodbye; the call is hung up when playout finishes.</summary>
    Ending,

    /// <summary>The call is over; every further event is ignored.</summary>
    Ended,
}
