namespace CallCluster.Agent.TurnTaking;

/// <summary>
/// Why the agent speaks. The grain may play <see cref="Fallback"/> and <see cref="Goodbye"/> from pre-rendered
/// audio, because they are exactly what must still work when the LLM or TTS is the part that failed.
/// </summary>
public enum SpeechKind
{
    /// <summary>The entry node's greeting.</summary>
    Greeting,

    /// <summary>The response to the caller's turn.</summary>
    Response,

    /// <summary>The node's question again, after silence.</summary>
    Reprompt,

    /// <summary>A line that fills the gap when the decision or response timed out.</summary>
    Fallback,

    /// <summary>The line after a failover, followed by the interrupted node's question.</summary>
    Resume,

    /// <summary>The line after a failed warm transfer.</summary>
    TransferFailed,

    /// <summary>The last line before the agent hangs up.</summary>
    Goodbye,
}
