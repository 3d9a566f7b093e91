namespace CallCluster.Agent.TurnTaking;

/// <summary>What the transfer-agent grain reports about a warm transfer.</summary>
public enum TransferOutcome
{
    /// <summary>A human is on the line and the call is bridged.</summary>
    Connected,

    /// <summary>Nobody answered the outbound leg.</summary>
    NoAnswer,

    /// <summary>The outbound leg reached voicemail.</summary>
    Voicemail,

    /// <summary>The far end's IVR had no path to a human.</summary>
    IvrDeadEnd,

    /// <summary>The outbound leg failed for any other reason.</summary>
    Failed,
}
