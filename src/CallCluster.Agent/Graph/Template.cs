using System.Text;

namespace CallCluster.Agent.Graph;

/// <summary>
/// A response with <c>{slot}</c> and <c>{tool.field}</c> placeholders, parsed once at load so a
/// template naming an unknown slot is refused before any call. <c>{{</c> and <c>}}</c> are literal braces.
/// </summary>
public sealed class Template
{
    private readonly IReadOnlyList<(string Text, string? Reference)> _parts;

    private Template(string source, IReadOnlyList<(string Text, string? Reference)> parts, SourceLocation location)
    {
        Source = source;
        _parts = parts;
        Location = location;
    }

    public string Source { get; }

    public SourceLocation Location { get; }

    /// <summary>The placeholders, e.g. <c>order_number</c> or <c>lookup_order.status</c>.</summary>
    public IEnumerable<string> References => _parts.Where(p => p.Reference is not null).Select(p => p.Reference!);

    public static Template Parse(string source, SourceLocation location, List<ConfigError> errors)
    {
        var parts = new List<(string, string?)>();
        var text = new StringBuilder();
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c == '{' && i + 1 < source.Length && source[i + 1] == '{')
            {
                text.Append('{');
                i++;
            }
            else if (c == '}' && i + 1 < source.Length && source[i + 1] == '}')
            {
                text.Append('}');
                i++;
            }
            else if (c == '{')
            {
                var close = source.IndexOf('}', i + 1);
                if (close < 0)
                {
                    errors.Add(new ConfigError(location, $"template has an unclosed '{{' at offset {i}"));
                    break;
                }

                var reference = source[(i + 1)..close].Trim();
                if (reference.Length == 0 || !reference.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '.'))
                {
                    errors.Add(new ConfigError(location, $"template placeholder '{{{reference}}}' is not a slot or tool.field name"));
                }

                parts.Add((text.ToString(), null));
                text.Clear();
                parts.Add((string.Empty, reference));
                i = close;
            }
            else if (c == '}')
            {
                errors.Add(new ConfigError(location, $"template has an unmatched '}}' at offset {i}"));
            }
            else
            {
                text.Append(c);
            }
        }

        parts.Add((text.ToString(), null));
        return new Template(source, parts.Where(p => p.Item1.Length > 0 || p.Item2 is not null).ToList(), location);
    }

    /// <summary>Fills the placeholders; a value not known yet renders as an empty string.</summary>
    public string Render(Func<string, string?> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        var builder = new StringBuilder();
        foreach (var (text, reference) in _parts)
        {
            builder.Append(reference is null ? text : resolve(reference) ?? string.Empty);
        }

        return builder.ToString();
    }

    public override string ToString() => Source;
}
