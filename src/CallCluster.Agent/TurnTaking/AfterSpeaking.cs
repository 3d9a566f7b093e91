namespace CallCluster.Agent.TurnTaking;

/// <summary>What the machine does once the agent's response has been played out.</summary>
public enum AfterSpeaking
{
    /// <summary>Listen for the caller's answer.</summary>
    Listen,

    /// <summary>Start a warm transfer (the response is the "let me connect you" line).</summary>
    Transfer,

    /// <summary>Hang up (the response is the goodbye); the response cannot be interrupted.</summary>
    EndCall,
}
