namespace CallCluster.Load.Calls.Reporting;

/// <summary>How a scripted call ended.</summary>
public enum CallDisposition
{
    /// <summary>The script ran to its end and the caller hung up.</summary>
    Completed,

    /// <summary>The agent hung up (before or after the script's end).</summary>
    AgentHungUp,

    /// <summary>The call hit <see cref="ScriptedCallerOptions.MaxCallDuration"/> and the caller hung up.</summary>
    TimedOut,

    /// <summary>The line or the edge ended the call (media timeout, transport failure, shutdown).</summary>
    LineFailed,

    /// <summary>The call could not be placed or answered.</summary>
    NotConnected,
}
