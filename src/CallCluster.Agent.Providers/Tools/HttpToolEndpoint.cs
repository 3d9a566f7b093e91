namespace CallCluster.Agent.Providers.Tools;

/// <summary>One configured HTTP endpoint that <c>backend: http</c> tools name as their <c>operation</c>.</summary>
public sealed class HttpToolEndpoint
{
    public required Uri Url { get; set; }

    /// <summary>Environment variable with a bearer token for this endpoint (null: no Authorization header). Never logged.</summary>
    public string? TokenVariable { get; set; }
}
