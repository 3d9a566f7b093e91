using System.Text.Json;
using System.Text.RegularExpressions;

namespace CallCluster.Agent.Llm;

/// <summary>
/// Catches a model that prints a tool call as text — <c>{"name":"lookup_order","arguments":{…}}</c>,
/// <c>{"function":{"name":…}}</c>, or <c>lookup_order(order_id=123)</c> — so it becomes a real call and is
/// never spoken to the caller. Only names of tools the node offers are recognised.
/// </summary>
public static partial class ToolCallTextGuard
{
    public static TextToolCall? Find(string? text, IReadOnlyCollection<string> toolNames)
    {
        ArgumentNullException.ThrowIfNull(toolNames);
        if (string.IsNullOrWhiteSpace(text) || toolNames.Count == 0)
        {
            return null;
        }

        return FindJson(text, toolNames) ?? FindCallSyntax(text, toolNames);
    }

    private static TextToolCall? FindJson(string text, IReadOnlyCollection<string> toolNames)
    {
        for (var start = text.IndexOf('{', StringComparison.Ordinal); start >= 0; start = text.IndexOf('{', start + 1))
        {
            var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text[start..]), new JsonReaderOptions { AllowTrailingCommas = true });
            try
            {
                using var document = JsonDocument.ParseValue(ref reader);
                if (FromJson(document.RootElement, toolNames) is { } call)
                {
                    return call;
                }
            }
            catch (JsonException)
            {
                // Not JSON from this brace on; try the next one.
            }
        }

        return null;
    }

    private static TextToolCall? FromJson(JsonElement element, IReadOnlyCollection<string> toolNames)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var wrapper in (string[])["function", "tool_call", "function_call"])
        {
            if (element.TryGetProperty(wrapper, out var inner) && FromJson(inner, toolNames) is { } wrapped)
            {
                return wrapped;
            }
        }

        string? name = null;
        foreach (var key in (string[])["name", "tool", "function_name"])
        {
            if (element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String)
            {
                name = value.GetString();
                break;
            }
        }

        if (name is null || !toolNames.Contains(name, StringComparer.Ordinal))
        {
            return null;
        }

        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in (string[])["arguments", "parameters", "args"])
        {
            if (!element.TryGetProperty(key, out var args))
            {
                continue;
            }

            if (args.ValueKind == JsonValueKind.String)
            {
                // OpenAI-style: the arguments are a JSON document inside a string.
                using var parsed = JsonDocument.Parse(args.GetString() ?? "{}");
                Flatten(parsed.RootElement, arguments);
            }
            else
            {
                Flatten(args, arguments);
            }

            break;
        }

        return new TextToolCall(name, arguments);
    }

    private static void Flatten(JsonElement args, Dictionary<string, string> into)
    {
        if (args.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in args.EnumerateObject())
        {
            into[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? string.Empty : property.Value.GetRawText();
        }
    }

    private static TextToolCall? FindCallSyntax(string text, IReadOnlyCollection<string> toolNames)
    {
        foreach (Match match in CallSyntax().Matches(text))
        {
            var name = match.Groups["name"].Value;
            if (!toolNames.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match argument in ArgumentSyntax().Matches(match.Groups["args"].Value))
            {
                var value = argument.Groups["value"].Value.Trim();
                arguments[argument.Groups["key"].Value] = value.Trim('"', '\'');
            }

            return new TextToolCall(name, arguments);
        }

        return null;
    }

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?<args>[^()]*)\)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 200)]
    private static partial Regex CallSyntax();

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)\s*[=:]\s*(?<value>""[^""]*""|'[^']*'|[^,]+)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 200)]
    private static partial Regex ArgumentSyntax();
}
