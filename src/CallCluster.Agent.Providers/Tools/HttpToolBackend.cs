using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallCluster.Agent.Tools;

namespace CallCluster.Agent.Providers.Tools;

/// <summary>
/// The <c>http</c> tool backend: POSTs the validated arguments as JSON to the endpoint the tool names, with an
/// <c>Idempotency-Key</c> header when the tool has one. The reply is <c>{"outcome": "...", "data": {...}}</c>, or
/// any JSON object (outcome <c>ok</c>, its fields as data); 404 is <c>not_found</c>; other failures throw so the
/// executor's retry, circuit breaker and error outcome apply.
/// </summary>
public sealed class HttpToolBackend(HttpClient http, IReadOnlyDictionary<string, HttpToolEndpoint> endpoints) : IToolBackend
{
    public string Name => "http";

    public async ValueTask<ToolResult> ExecuteAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (!endpoints.TryGetValue(invocation.Tool.Operation, out var endpoint))
        {
            throw new InvalidOperationException($"No HTTP endpoint named '{invocation.Tool.Operation}' is configured.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = JsonContent.Create(invocation.Arguments) };
        if (invocation.IdempotencyKey is { } key)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        if (endpoint.TokenVariable is { } variable && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return ToolResult.Of("not_found");
        }

        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var root = document.RootElement;
        var outcome = root.TryGetProperty("outcome", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString()! : ToolResult.Ok;
        var data = root.TryGetProperty("data", out var d) ? d : root;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (data.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in data.EnumerateObject().Where(p => p.Name != "outcome"))
            {
                fields[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        return new ToolResult(outcome, fields);
    }
}
