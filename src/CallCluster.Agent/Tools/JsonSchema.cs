using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CallCluster.Agent.Tools;

/// <summary>
/// The subset of JSON Schema that tool arguments need: type, required, properties, enum, pattern,
/// minimum/maximum, minLength/maxLength. Small on purpose: arguments are flat and few.
/// </summary>
public sealed class JsonSchema
{
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal) { "object", "string", "integer", "number", "boolean" };

    public string Type { get; init; } = "object";

    public IReadOnlyDictionary<string, JsonSchema> Properties { get; init; } = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);

    public IReadOnlyList<string> Required { get; init; } = [];

    public IReadOnlyList<string>? Enum { get; init; }

    public Regex? Pattern { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public string? Description { get; init; }

    /// <summary>Converts template-rendered strings to the declared property types (e.g. "3" → 3 for an integer).</summary>
    public JsonObject Coerce(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new JsonObject();
        foreach (var (name, value) in values)
        {
            if (value.Length == 0)
            {
                continue; // an unknown slot is absent, so "required" reports it
            }

            var type = Properties.TryGetValue(name, out var property) ? property.Type : "string";
            result[name] = type switch
            {
                "integer" when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
                "number" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
                "boolean" when bool.TryParse(value, out var b) => JsonValue.Create(b),
                _ => JsonValue.Create(value),
            };
        }

        return result;
    }

    /// <summary>Every way <paramref name="value"/> breaks this schema; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate(JsonNode? value)
    {
        var errors = new List<string>();
        Validate(value, "$", errors);
        return errors;
    }

    private void Validate(JsonNode? value, string path, List<string> errors)
    {
        if (!HasType(value, Type))
        {
            errors.Add($"{path}: expected {Type}, got {Describe(value)}");
            return;
        }

        switch (value)
        {
            case JsonObject obj:
                foreach (var name in Required)
                {
                    if (!obj.ContainsKey(name))
                    {
                        errors.Add($"{path}.{name}: is required");
                    }
                }

                foreach (var (name, child) in obj)
                {
                    if (Properties.TryGetValue(name, out var schema))
                    {
                        schema.Validate(child, $"{path}.{name}", errors);
                    }
                    else
                    {
                        errors.Add($"{path}.{name}: is not a known argument");
                    }
                }

                break;
            case JsonValue scalar:
                ValidateScalar(scalar, path, errors);
                break;
        }
    }

    private void ValidateScalar(JsonValue scalar, string path, List<string> errors)
    {
        if (scalar.TryGetValue<string>(out var text))
        {
            if (MinLength is { } min && text.Length < min)
            {
                errors.Add($"{path}: shorter than {min}");
            }

            if (MaxLength is { } max && text.Length > max)
            {
                errors.Add($"{path}: longer than {max}");
            }

            if (Pattern is not null && !Pattern.IsMatch(text))
            {
                errors.Add($"{path}: does not match {Pattern}");
            }

            if (Enum is not null && !Enum.Contains(text, StringComparer.Ordinal))
            {
                errors.Add($"{path}: must be one of {string.Join(", ", Enum)}");
            }

            return;
        }

        if (Type is "integer" or "number")
        {
            var number = ToDouble(scalar);
            if (Minimum is { } min && number < min)
            {
                errors.Add($"{path}: less than {min.ToString(CultureInfo.InvariantCulture)}");
            }

            if (Maximum is { } max && number > max)
            {
                errors.Add($"{path}: greater than {max.ToString(CultureInfo.InvariantCulture)}");
            }
        }
    }

    private static bool HasType(JsonNode? value, string type) => type switch
    {
        "object" => value is JsonObject,
        "string" => value is JsonValue v && v.GetValueKind() == JsonValueKind.String,
        "boolean" => value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "number" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
        "integer" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && IsWhole(v),
        _ => false,
    };

    private static bool IsWhole(JsonValue value)
    {
        var d = ToDouble(value);
        return Math.Abs(d - Math.Round(d)) < double.Epsilon;
    }

    // Values parsed from JSON and values built in code (long, double) are stored differently; their text is not.
    private static double ToDouble(JsonValue value) => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Describe(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind().ToString().ToLowerInvariant(),
        _ => "unknown",
    };

    /// <summary>The schema as JSON, for an LLM's function declaration.</summary>
    public JsonElement ToJsonElement() => JsonSerializer.SerializeToElement(ToJsonNode());

    private JsonObject ToJsonNode()
    {
        var node = new JsonObject { ["type"] = Type };
        if (Description is not null)
        {
            node["description"] = Description;
        }

        if (Properties.Count > 0)
        {
            var properties = new JsonObject();
            foreach (var (name, schema) in Properties)
            {
                properties[name] = schema.ToJsonNode();
            }

            node["properties"] = properties;
        }

        if (Required.Count > 0)
        {
            node["required"] = new JsonArray(Required.Select(r => (JsonNode)JsonValue.Create(r)).ToArray());
        }

        if (Enum is not null)
        {
            node["enum"] = new JsonArray(Enum.Select(r => (JsonNode)JsonValue.Create(r)).ToArray());
        }

        if (Pattern is not null)
        {
            node["pattern"] = Pattern.ToString();
        }

        AddNumber(node, "minimum", Minimum);
        AddNumber(node, "maximum", Maximum);
        AddNumber(node, "minLength", MinLength);
        AddNumber(node, "maxLength", MaxLength);
        return node;
    }

    private static void AddNumber(JsonObject node, string name, double? value)
    {
        if (value is { } v)
        {
            node[name] = v;
        }
    }
}
