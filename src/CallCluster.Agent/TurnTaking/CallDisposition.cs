namespace CallCluster.Agent.TurnTaking;

/// <summary>How a call ended, as written to the call's evidence.</summary>
public enum CallDisposition
{
    /// <summary>The conversation graph decided to end the call.</summary>
    Completed,

    /// <summary>The caller hung up.</summary>
    CallerHungUp,

    /// <summary>The caller stayed silent through every reprompt.</summary>
    NoInput,

    /// <summary>The call reached the maximum call length.</summary>
    MaxDurationReached,

    /// <summary>The caller was connected to a human by a warm transfer.</summary>
    Transferred,
}
