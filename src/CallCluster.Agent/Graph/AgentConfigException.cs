namespace CallCluster.Agent.Graph;

/// <summary>An agent config that was refused at load, with every error found (not just the first).</summary>
public sealed class AgentConfigException : Exception
{
    public AgentConfigException(IReadOnlyList<ConfigError> errors)
        : base(Describe(errors)) => Errors = errors;

    public AgentConfigException()
        : this([])
    {
    }

    public AgentConfigException(string message)
        : base(message) => Errors = [];

    public AgentConfigException(string message, Exception innerException)
        : base(message, innerException) => Errors = [];

    public IReadOnlyList<ConfigError> Errors { get; }

    private static string Describe(IReadOnlyList<ConfigError> errors) =>
        errors.Count == 0
            ? "The agent config is invalid."
            : $"The agent config has {errors.Count} error(s):{Environment.NewLine}" + string.Join(Environment.NewLine, errors);
}
