namespace CallCluster.Edge.Calls;

/// <summary>Why a call's media ended.</summary>
/// <param name="By">Which side ended it.</param>
/// <param name="Reason">A short machine-friendly reason ("stop", "bye", "websocket-closed", "handler-failed"), no PII.</param>
public readonly record struct CallEnd(CallEndedBy By, string Reason)
{
    /// <summary>The line handed the caller to another party and left the call: the agent's doing, and its success.</summary>
    public static CallEnd Transferred { get; } = new(CallEndedBy.Agent, "transferred");
}

/// <summary>Which side ended a call.</summary>
public enum CallEndedBy
{
    /// <summary>The caller hung up (SIP BYE from the caller, a provider <c>stop</c>).</summary>
    Caller,

    /// <summary>The handler asked the edge to hang up.</summary>
    Agent,

    /// <summary>The edge ended it: the transport broke, the edge is shutting down, or the handler failed.</summary>
    Edge,
}
