namespace CallCluster.Agent.Tools;

/// <summary>
/// What a backend returned: an outcome the graph routes on (<c>ok</c>, <c>not_found</c>, <c>denied</c>,
/// <c>error</c>, or any backend-specific name) and flat result fields templates can name.
/// </summary>
public sealed record ToolResult(string Outcome, IReadOnlyDictionary<string, string> Data)
{
    public const string Ok = "ok";
    public const string Error = "error";
    public const string Denied = "denied";
    public const string Invalid = "invalid";

    public static ToolResult Of(string outcome, params (string Key, string Value)[] data) =>
        new(outcome, data.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal));
}
