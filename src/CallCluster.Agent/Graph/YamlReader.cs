using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace CallCluster.Agent.Graph;

/// <summary>Typed reads from the YAML tree that record an error (with its position) instead of throwing.</summary>
internal sealed class YamlReader(string file, List<ConfigError> errors)
{
    public string File { get; } = file;

    public List<ConfigError> Errors { get; } = errors;

    public SourceLocation At(YamlNode node) => new(File, (int)node.Start.Line, (int)node.Start.Column);

    public void Error(YamlNode node, string reason) => Errors.Add(new ConfigError(At(node), reason));

    public YamlMappingNode? Mapping(YamlNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        Error(node, $"{what} must be a mapping");
        return null;
    }

    /// <summary>The entries of a mapping, reporting any key not in <paramref name="allowed"/>.</summary>
    public IEnumerable<(string Key, YamlScalarNode KeyNode, YamlNode Value)> Entries(YamlMappingNode mapping, string what, params string[] allowed)
    {
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode key || key.Value is null)
            {
                Error(keyNode, $"{what}: keys must be plain names");
                continue;
            }

            if (allowed.Length > 0 && !allowed.Contains(key.Value, StringComparer.Ordinal))
            {
                Error(keyNode, $"{what}: unknown key '{key.Value}' (expected one of: {string.Join(", ", allowed)})");
                continue;
            }

            yield return (key.Value, key, value);
        }
    }

    public static YamlNode? Child(YamlMappingNode? mapping, string key) =>
        mapping is not null && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public string? String(YamlNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value ?? string.Empty;
        }

        Error(node, $"{what} must be a single value");
        return null;
    }

    public int? Int(YamlNode? node, string what, int minimum = int.MinValue)
    {
        var text = String(node, what);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < minimum)
        {
            Error(node!, $"{what} must be a whole number{(minimum > int.MinValue ? $" ≥ {minimum}" : string.Empty)}, not '{text}'");
            return null;
        }

        return value;
    }

    public double? Double(YamlNode? node, string what)
    {
        var text = String(node, what);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            Error(node!, $"{what} must be a number, not '{text}'");
            return null;
        }

        return value;
    }

    public bool? Bool(YamlNode? node, string what)
    {
        var text = String(node, what);
        if (text is null)
        {
            return null;
        }

        if (!bool.TryParse(text, out var value))
        {
            Error(node!, $"{what} must be true or false, not '{text}'");
            return null;
        }

        return value;
    }

    /// <summary>A list of scalars; a single scalar is read as a one-item list.</summary>
    public List<(string Value, YamlNode Node)> Strings(YamlNode? node, string what)
    {
        var result = new List<(string, YamlNode)>();
        switch (node)
        {
            case null:
                break;
            case YamlScalarNode scalar:
                result.Add((scalar.Value ?? string.Empty, scalar));
                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    if (String(item, what) is { } value)
                    {
                        result.Add((value, item));
                    }
                }

                break;
            default:
                Error(node, $"{what} must be a list");
                break;
        }

        return result;
    }
}
