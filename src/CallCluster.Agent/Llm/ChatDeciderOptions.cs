namespace CallCluster.Agent.Llm;

/// <summary>Budget for the LLM decision step.</summary>
public sealed class ChatDeciderOptions
{
    /// <summary>How long the model may take before the rules decide instead; 2.5 s keeps the caller's wait under ~3 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2.5);
}
