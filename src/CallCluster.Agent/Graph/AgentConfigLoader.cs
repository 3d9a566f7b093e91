using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CallCluster.Agent.Tools;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CallCluster.Agent.Graph;

/// <summary>
/// Reads an agent's YAML config into an <see cref="AgentGraph"/>, expanding subgraphs and validating the
/// whole graph. Every problem is collected and reported at once as <c>file:line:column: reason</c>.
/// The format is documented in docs/agent-config.md.
/// </summary>
public static class AgentConfigLoader
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    private static readonly string[] TopLevelKeys = ["agent", "description", "start", "defaults", "sandbox", "slots", "tools", "globals", "nodes", "subgraphs"];
    private static readonly string[] NodeKeys = ["say", "prompt", "reprompt", "no_match", "routes", "action", "next", "end", "transfer", "disposition", "max_retries", "on_exhausted", "model", "globals", "use", "with"];
    private static readonly string[] RouteKeys = ["name", "description", "examples", "keywords", "patterns", "slots", "dtmf", "priority", "next"];

    public static AgentGraph LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new AgentConfigException([new ConfigError(new SourceLocation(path, 1, 1), "file not found")]);
        }

        return Load(File.ReadAllText(fullPath), path, Path.GetDirectoryName(fullPath));
    }

    /// <summary>Parses and validates; <paramref name="file"/> is the name errors are reported against.</summary>
    public static AgentGraph Load(string yaml, string file, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var errors = new List<ConfigError>();
        var reader = new YamlReader(file, errors);
        var stream = new YamlStream();
        try
        {
            using var text = new StringReader(yaml);
            stream.Load(text);
        }
        catch (YamlException e)
        {
            throw new AgentConfigException([new ConfigError(new SourceLocation(file, (int)e.Start.Line, (int)e.Start.Column), "YAML syntax: " + e.Message)]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new AgentConfigException([new ConfigError(new SourceLocation(file, 1, 1), "the file must be a YAML mapping with agent, start, slots, tools and nodes")]);
        }

        var graph = new Builder(reader, baseDirectory).Build(root);
        var sorted = errors.Distinct().OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList();
        if (sorted.Count > 0 || graph is null)
        {
            throw new AgentConfigException(sorted);
        }

        return graph;
    }

    /// <summary>SHA-256 of the config with keys sorted and formatting and comments dropped.</summary>
    internal static string Hash(YamlNode root)
    {
        var canonical = new StringBuilder();
        Canonicalize(root, canonical);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))[..16];
    }

    private static void Canonicalize(YamlNode node, StringBuilder output)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                output.Append('"').Append((scalar.Value ?? string.Empty).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                break;
            case YamlSequenceNode sequence:
                output.Append('[');
                foreach (var item in sequence.Children)
                {
                    Canonicalize(item, output);
                    output.Append(',');
                }

                output.Append(']');
                break;
            case YamlMappingNode mapping:
                output.Append('{');
                foreach (var (key, value) in mapping.Children.OrderBy(c => (c.Key as YamlScalarNode)?.Value, StringComparer.Ordinal))
                {
                    Canonicalize(key, output);
                    output.Append(':');
                    Canonicalize(value, output);
                    output.Append(',');
                }

                output.Append('}');
                break;
        }
    }

    private sealed class Builder(YamlReader reader, string? baseDirectory)
    {
        private readonly Dictionary<string, SlotDefinition> _slots = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ToolDefinition> _tools = new(StringComparer.Ordinal);
        private readonly Dictionary<string, NodeDefinition> _nodes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, YamlMappingNode> _subgraphs = new(StringComparer.Ordinal);
        private readonly List<Template> _templates = [];

        public AgentGraph? Build(YamlMappingNode root)
        {
            string? name = null, description = null, start = null, fixtures = null;
            YamlNode? startNode = null;
            AgentDefaults defaults = new();
            var globals = new List<RouteDefinition>();
            YamlMappingNode? nodes = null;
            // Slots, tools and subgraphs are read before the routes and nodes that refer to them,
            // whatever order the file lists them in.
            var order = new[] { "agent", "description", "start", "defaults", "sandbox", "slots", "tools", "subgraphs", "globals", "nodes" };
            var entries = reader.Entries(root, "agent config", TopLevelKeys).OrderBy(e => Array.IndexOf(order, e.Key)).ToList();
            foreach (var (key, keyNode, value) in entries)
            {
                switch (key)
                {
                    case "agent": name = reader.String(value, "agent"); break;
                    case "description": description = reader.String(value, "description"); break;
                    case "start": start = reader.String(value, "start"); startNode = value; break;
                    case "defaults": defaults = ReadDefaults(value); break;
                    case "sandbox": fixtures = ReadSandbox(value); break;
                    case "slots": ReadSlots(value); break;
                    case "tools": ReadTools(value); break;
                    case "globals": globals.AddRange(ReadRoutes(value, "globals", Identity)); break;
                    case "nodes": nodes = reader.Mapping(value, "nodes"); break;
                    case "subgraphs": ReadSubgraphs(value); break;
                    default: reader.Error(keyNode, $"unknown key '{key}'"); break;
                }
            }

            if (name is null)
            {
                reader.Error(root, "agent config has no 'agent' name");
            }

            if (nodes is null)
            {
                reader.Error(root, "agent config has no 'nodes'");
                return null;
            }

            foreach (var (id, keyNode, value) in reader.Entries(nodes, "nodes"))
            {
                if (reader.Mapping(value, $"node '{id}'") is { } mapping)
                {
                    AddNode(ReadNode(id, keyNode, mapping, Identity));
                }
            }

            if (start is null)
            {
                reader.Error(root, "agent config has no 'start' node");
                return null;
            }

            var graph = new AgentGraph
            {
                Name = name ?? string.Empty,
                Description = description ?? string.Empty,
                Version = Hash(root),
                SourceFile = reader.File,
                Start = start,
                Nodes = _nodes,
                Slots = _slots,
                Tools = _tools,
                GlobalRoutes = globals,
                Defaults = defaults,
                FixturesFile = fixtures is null ? null : Path.GetFullPath(Path.Combine(baseDirectory ?? ".", fixtures)),
            };
            new GraphValidator(graph, reader, _templates).Validate(startNode!);
            return graph;
        }

        private static NodeReference Identity(string target, SourceLocation location) => new(target, location);

        private void AddNode(NodeDefinition node)
        {
            if (!_nodes.TryAdd(node.Id, node))
            {
                reader.Errors.Add(new ConfigError(node.Location, $"node '{node.Id}' is defined twice"));
            }
        }

        private AgentDefaults ReadDefaults(YamlNode value)
        {
            var defaults = new AgentDefaults();
            if (reader.Mapping(value, "defaults") is not { } mapping)
            {
                return defaults;
            }

            foreach (var (key, _, child) in reader.Entries(mapping, "defaults", "max_retries", "on_exhausted", "no_match", "tool_fallback", "model"))
            {
                defaults = key switch
                {
                    "max_retries" => defaults with { MaxRetries = reader.Int(child, "max_retries", 0) ?? defaults.MaxRetries },
                    "on_exhausted" => defaults with { OnExhausted = Ref(child, "on_exhausted", Identity) },
                    "no_match" => defaults with { NoMatch = reader.String(child, "no_match") ?? defaults.NoMatch },
                    "tool_fallback" => defaults with { ToolFallback = reader.String(child, "tool_fallback") ?? defaults.ToolFallback },
                    _ => defaults with { Model = reader.String(child, "model") },
                };
            }

            return defaults;
        }

        private string? ReadSandbox(YamlNode value)
        {
            if (reader.Mapping(value, "sandbox") is not { } mapping)
            {
                return null;
            }

            string? fixtures = null;
            foreach (var (_, _, child) in reader.Entries(mapping, "sandbox", "fixtures"))
            {
                fixtures = reader.String(child, "sandbox.fixtures");
                var full = Path.GetFullPath(Path.Combine(baseDirectory ?? ".", fixtures ?? string.Empty));
                if (fixtures is not null && !File.Exists(full))
                {
                    reader.Error(child, $"sandbox fixtures file '{fixtures}' does not exist");
                }
            }

            return fixtures;
        }

        private void ReadSlots(YamlNode value)
        {
            if (reader.Mapping(value, "slots") is not { } slots)
            {
                return;
            }

            foreach (var (name, keyNode, child) in reader.Entries(slots, "slots"))
            {
                if (reader.Mapping(child, $"slot '{name}'") is not { } mapping)
                {
                    continue;
                }

                var what = $"slot '{name}'";
                SlotKind? kind = null;
                int? minLength = null, maxLength = null;
                double? minimum = null, maximum = null;
                Dictionary<string, IReadOnlyList<string>>? values = null;
                foreach (var (key, _, item) in reader.Entries(mapping, what, "type", "length", "min_length", "max_length", "min", "max", "values"))
                {
                    switch (key)
                    {
                        case "type": kind = ParseKind(item, what); break;
                        case "length": minLength = maxLength = reader.Int(item, $"{what} length", 1); break;
                        case "min_length": minLength = reader.Int(item, $"{what} min_length", 1); break;
                        case "max_length": maxLength = reader.Int(item, $"{what} max_length", 1); break;
                        case "min": minimum = reader.Double(item, $"{what} min"); break;
                        case "max": maximum = reader.Double(item, $"{what} max"); break;
                        default: values = ReadEnumValues(item, what); break;
                    }
                }

                if (kind is null)
                {
                    if (YamlReader.Child(mapping, "type") is null)
                    {
                        reader.Error(keyNode, $"{what} has no 'type'");
                    }

                    continue;
                }

                if (kind == SlotKind.Enumeration && (values is null || values.Count == 0))
                {
                    reader.Error(keyNode, $"{what} is an enum with no 'values'");
                }

                if (minLength > maxLength)
                {
                    reader.Error(keyNode, $"{what} min_length is greater than max_length");
                }

                _slots[name] = new SlotDefinition(name, kind.Value, reader.At(keyNode), minLength, maxLength, minimum, maximum, values);
            }
        }

        private SlotKind? ParseKind(YamlNode node, string what)
        {
            var text = reader.String(node, $"{what} type");
            SlotKind? kind = text switch
            {
                "digits" => SlotKind.Digits,
                "number" => SlotKind.Number,
                "date" => SlotKind.Date,
                "time" => SlotKind.Time,
                "yes_no" => SlotKind.YesNo,
                "enum" => SlotKind.Enumeration,
                "text" => SlotKind.Text,
                _ => null,
            };
            if (kind is null && text is not null)
            {
                reader.Error(node, $"{what} has unknown type '{text}' (expected digits, number, date, time, yes_no, enum or text)");
            }

            return kind;
        }

        private Dictionary<string, IReadOnlyList<string>>? ReadEnumValues(YamlNode node, string what)
        {
            var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            if (node is YamlSequenceNode)
            {
                foreach (var (value, _) in reader.Strings(node, $"{what} values"))
                {
                    values[value] = [value];
                }

                return values;
            }

            if (reader.Mapping(node, $"{what} values") is not { } mapping)
            {
                return null;
            }

            foreach (var (value, _, synonyms) in reader.Entries(mapping, $"{what} values"))
            {
                values[value] = [value, .. reader.Strings(synonyms, $"{what} synonyms").Select(s => s.Value)];
            }

            return values;
        }

        private void ReadTools(YamlNode value)
        {
            if (reader.Mapping(value, "tools") is not { } tools)
            {
                return;
            }

            foreach (var (name, keyNode, child) in reader.Entries(tools, "tools"))
            {
                if (reader.Mapping(child, $"tool '{name}'") is not { } mapping)
                {
                    continue;
                }

                var what = $"tool '{name}'";
                var tool = new ToolDefinition { Name = name, Location = reader.At(keyNode), Operation = name };
                foreach (var (key, _, item) in reader.Entries(mapping, what, "description", "backend", "operation", "arguments", "requires", "sets_flag", "idempotent", "idempotency_key", "returns", "redact", "timeout_ms", "retries"))
                {
                    tool = key switch
                    {
                        "description" => tool with { Description = reader.String(item, $"{what} description") ?? string.Empty },
                        "backend" => tool with { Backend = ReadBackend(item, what) },
                        "operation" => tool with { Operation = reader.String(item, $"{what} operation") ?? name },
                        "arguments" => tool with { Arguments = ReadSchema(item, $"{what} arguments") },
                        "requires" => tool with { Requires = reader.Strings(item, $"{what} requires").Select(s => s.Value).ToList() },
                        "sets_flag" => tool with { SetsFlag = reader.String(item, $"{what} sets_flag") },
                        "idempotent" => tool with { Idempotent = reader.Bool(item, $"{what} idempotent") ?? false },
                        "idempotency_key" => tool with { IdempotencyKey = reader.String(item, $"{what} idempotency_key") is { } keyText ? Template.Parse(keyText, reader.At(item), reader.Errors) : null },
                        "returns" => tool with { Returns = reader.Strings(item, $"{what} returns").Select(s => s.Value).ToList() },
                        "redact" => tool with { Redact = reader.Strings(item, $"{what} redact").Select(s => s.Value).ToList() },
                        "timeout_ms" => tool with { Timeout = TimeSpan.FromMilliseconds(reader.Int(item, $"{what} timeout_ms", 1) ?? 3000) },
                        _ => tool with { Retries = reader.Int(item, $"{what} retries", 0) ?? 1 },
                    };
                }

                foreach (var unknown in tool.IdempotencyKey?.References.Where(r => !tool.Arguments.Properties.ContainsKey(r)) ?? [])
                {
                    reader.Errors.Add(new ConfigError(tool.IdempotencyKey!.Location, $"{what} idempotency_key names '{{{unknown}}}', which is not one of its arguments"));
                }

                foreach (var redacted in tool.Redact.Where(r => !tool.Arguments.Properties.ContainsKey(r)))
                {
                    reader.Error(keyNode, $"{what} redacts '{redacted}', which is not one of its arguments");
                }

                _tools[name] = tool;
            }
        }

        private string ReadBackend(YamlNode node, string what)
        {
            var backend = reader.String(node, $"{what} backend") ?? "sandbox";
            if (backend is not ("sandbox" or "http"))
            {
                reader.Error(node, $"{what} has unknown backend '{backend}' (expected sandbox or http)");
            }

            return backend;
        }

        private JsonSchema ReadSchema(YamlNode node, string what)
        {
            if (reader.Mapping(node, what) is not { } mapping)
            {
                return new JsonSchema();
            }

            string type = "object";
            string? description = null;
            var properties = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
            List<string> required = [];
            List<string>? enumeration = null;
            Regex? pattern = null;
            double? minimum = null, maximum = null;
            int? minLength = null, maxLength = null;
            foreach (var (key, _, item) in reader.Entries(mapping, what, "type", "description", "properties", "required", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength"))
            {
                switch (key)
                {
                    case "type":
                        type = reader.String(item, $"{what} type") ?? "object";
                        if (!JsonSchema.Types.Contains(type))
                        {
                            reader.Error(item, $"{what} has unsupported type '{type}' (expected {string.Join(", ", JsonSchema.Types)})");
                        }

                        break;
                    case "description": description = reader.String(item, $"{what} description"); break;
                    case "properties":
                        if (reader.Mapping(item, $"{what} properties") is { } props)
                        {
                            foreach (var (name, _, schema) in reader.Entries(props, $"{what} properties"))
                            {
                                properties[name] = ReadSchema(schema, $"{what}.{name}");
                            }
                        }

                        break;
                    case "required": required = reader.Strings(item, $"{what} required").Select(s => s.Value).ToList(); break;
                    case "enum": enumeration = reader.Strings(item, $"{what} enum").Select(s => s.Value).ToList(); break;
                    case "pattern": pattern = CompileRegex(item, $"{what} pattern"); break;
                    case "minimum": minimum = reader.Double(item, $"{what} minimum"); break;
                    case "maximum": maximum = reader.Double(item, $"{what} maximum"); break;
                    case "minLength": minLength = reader.Int(item, $"{what} minLength", 0); break;
                    default: maxLength = reader.Int(item, $"{what} maxLength", 0); break;
                }
            }

            foreach (var missing in required.Where(r => !properties.ContainsKey(r)))
            {
                reader.Error(node, $"{what} requires '{missing}', which is not among its properties");
            }

            return new JsonSchema
            {
                Type = type, Description = description, Properties = properties, Required = required, Enum = enumeration,
                Pattern = pattern, Minimum = minimum, Maximum = maximum, MinLength = minLength, MaxLength = maxLength,
            };
        }

        private Regex? CompileRegex(YamlNode node, string what)
        {
            var text = reader.String(node, what);
            if (text is null)
            {
                return null;
            }

            try
            {
                return new Regex(text, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException e)
            {
                reader.Error(node, $"{what} is not a valid regex: {e.Message}");
                return null;
            }
        }

        private Template? ReadTemplate(YamlNode? node, string what)
        {
            var text = reader.String(node, what);
            if (text is null)
            {
                return null;
            }

            var template = Template.Parse(text, reader.At(node!), reader.Errors);
            _templates.Add(template);
            return template;
        }

        private NodeReference? Ref(YamlNode? node, string what, Func<string, SourceLocation, NodeReference?> resolve) =>
            reader.String(node, what) is { } target ? resolve(target, reader.At(node!)) : null;

        private List<RouteDefinition> ReadRoutes(YamlNode node, string what, Func<string, SourceLocation, NodeReference?> resolve)
        {
            var routes = new List<RouteDefinition>();
            if (node is not YamlSequenceNode sequence)
            {
                reader.Error(node, $"{what} must be a list of routes");
                return routes;
            }

            foreach (var item in sequence.Children)
            {
                if (reader.Mapping(item, $"{what} route") is not { } mapping)
                {
                    continue;
                }

                string? name = null, description = null, dtmf = null;
                NodeReference? next = null;
                List<string> examples = [], keywords = [], slots = [];
                var patterns = new List<Regex>();
                var priority = 0;
                foreach (var (key, _, child) in reader.Entries(mapping, $"{what} route", RouteKeys))
                {
                    switch (key)
                    {
                        case "name": name = reader.String(child, "route name"); break;
                        case "description": description = reader.String(child, "route description"); break;
                        case "examples": examples = reader.Strings(child, "route examples").Select(s => s.Value).ToList(); break;
                        case "keywords": keywords = reader.Strings(child, "route keywords").Select(s => s.Value).ToList(); break;
                        case "patterns":
                            foreach (var (_, patternNode) in reader.Strings(child, "route patterns"))
                            {
                                if (CompileRegex(patternNode, "route pattern") is { } regex)
                                {
                                    patterns.Add(regex);
                                }
                            }

                            break;
                        case "slots":
                            foreach (var (slot, slotNode) in reader.Strings(child, "route slots"))
                            {
                                slots.Add(slot);
                                if (!_slots.ContainsKey(slot))
                                {
                                    reader.Error(slotNode, $"route uses unknown slot '{slot}'");
                                }
                            }

                            break;
                        case "dtmf": dtmf = reader.String(child, "route dtmf"); break;
                        case "priority": priority = reader.Int(child, "route priority") ?? 0; break;
                        default: next = Ref(child, "route next", resolve); break;
                    }
                }

                if (name is null)
                {
                    reader.Error(item, $"{what} route has no 'name'");
                    continue;
                }

                if (next is null)
                {
                    reader.Error(item, $"route '{name}' has no 'next' node");
                    continue;
                }

                if (examples.Count == 0 && keywords.Count == 0 && patterns.Count == 0 && slots.Count == 0 && dtmf is null)
                {
                    reader.Error(item, $"route '{name}' can never fire: give it examples, keywords, patterns, slots or dtmf");
                }

                routes.Add(new RouteDefinition(name, description ?? name.Replace('_', ' '), reader.At(item), next, examples, keywords, patterns, slots, dtmf, priority));
            }

            foreach (var duplicate in routes.GroupBy(r => r.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                reader.Errors.Add(new ConfigError(duplicate.Last().Location, $"route '{duplicate.Key}' appears twice in {what}"));
            }

            return routes;
        }

        private NodeDefinition ReadNode(string id, YamlNode keyNode, YamlMappingNode mapping, Func<string, SourceLocation, NodeReference?> resolve)
        {
            var node = new NodeDefinition { Id = id, Location = reader.At(keyNode) };
            var what = $"node '{id}'";
            foreach (var (key, _, value) in reader.Entries(mapping, what, NodeKeys))
            {
                node = key switch
                {
                    "say" => node with { Say = ReadTemplate(value, $"{what} say") },
                    "prompt" => node with { Prompt = reader.String(value, $"{what} prompt") },
                    "reprompt" => node with { Reprompt = ReadTemplate(value, $"{what} reprompt") },
                    "no_match" => node with { NoMatch = ReadTemplate(value, $"{what} no_match") },
                    "routes" => node with { Routes = ReadRoutes(value, what, resolve) },
                    "action" => node with { Action = ReadAction(value, what, resolve) },
                    "next" => node with { Next = Ref(value, $"{what} next", resolve) },
                    "end" => node with { End = reader.Bool(value, $"{what} end") ?? false },
                    "transfer" => node with { Transfer = Parameter(value, $"{what} transfer", resolve) },
                    "disposition" => node with { Disposition = Parameter(value, $"{what} disposition", resolve), DispositionLocation = reader.At(value) },
                    "max_retries" => node with { MaxRetries = reader.Int(value, $"{what} max_retries", 0) },
                    "on_exhausted" => node with { OnExhausted = Ref(value, $"{what} on_exhausted", resolve) },
                    "model" => node with { Model = reader.String(value, $"{what} model") },
                    "globals" => node with { Globals = reader.Bool(value, $"{what} globals") ?? true },
                    "use" => node with { Use = reader.String(value, $"{what} use") },
                    _ => node,
                };
            }

            if (node.Use is not null)
            {
                return Instantiate(node, mapping, resolve);
            }

            return node;
        }

        /// <summary>A plain value that a subgraph may take from a parameter (<c>transfer: $queue</c>).</summary>
        private string? Parameter(YamlNode value, string what, Func<string, SourceLocation, NodeReference?> resolve)
        {
            var text = reader.String(value, what);
            return text is not null && text.StartsWith('$') ? resolve(text, reader.At(value))?.Target : text;
        }

        private ActionDefinition? ReadAction(YamlNode value, string what, Func<string, SourceLocation, NodeReference?> resolve)
        {
            if (reader.Mapping(value, $"{what} action") is not { } mapping)
            {
                return null;
            }

            string? tool = null;
            var arguments = new Dictionary<string, Template>(StringComparer.Ordinal);
            var outcomes = new Dictionary<string, NodeReference>(StringComparer.Ordinal);
            foreach (var (key, _, child) in reader.Entries(mapping, $"{what} action", "tool", "arguments", "outcomes"))
            {
                switch (key)
                {
                    case "tool": tool = reader.String(child, "action tool"); break;
                    case "arguments":
                        if (reader.Mapping(child, "action arguments") is { } args)
                        {
                            foreach (var (name, _, argument) in reader.Entries(args, "action arguments"))
                            {
                                if (ReadTemplate(argument, $"argument '{name}'") is { } template)
                                {
                                    arguments[name] = template;
                                }
                            }
                        }

                        break;
                    default:
                        if (reader.Mapping(child, "action outcomes") is { } map)
                        {
                            foreach (var (outcome, _, target) in reader.Entries(map, "action outcomes"))
                            {
                                if (Ref(target, $"outcome '{outcome}'", resolve) is { } reference)
                                {
                                    outcomes[outcome] = reference;
                                }
                            }
                        }

                        break;
                }
            }

            if (tool is null)
            {
                reader.Error(mapping, $"{what} action has no 'tool'");
                return null;
            }

            if (!outcomes.ContainsKey("error"))
            {
                reader.Error(mapping, $"{what} action has no 'error' outcome: a failing tool needs somewhere to go");
            }

            return new ActionDefinition(tool, reader.At(mapping), arguments, outcomes);
        }

        private void ReadSubgraphs(YamlNode value)
        {
            if (reader.Mapping(value, "subgraphs") is not { } mapping)
            {
                return;
            }

            foreach (var (name, _, child) in reader.Entries(mapping, "subgraphs"))
            {
                if (reader.Mapping(child, $"subgraph '{name}'") is { } subgraph)
                {
                    foreach (var _ in reader.Entries(subgraph, $"subgraph '{name}'", "params", "start", "nodes", "description"))
                    {
                        // Entries reports unknown keys; the values are read when the subgraph is used.
                    }

                    _subgraphs[name] = subgraph;
                }
            }
        }

        /// <summary>
        /// Expands <c>use: subgraph</c> into nodes named <c>{id}/{local}</c>. Inside a subgraph a reference is
        /// either a local node or <c>$param</c>, bound by the using node's <c>with</c>.
        /// </summary>
        private NodeDefinition Instantiate(NodeDefinition node, YamlMappingNode mapping, Func<string, SourceLocation, NodeReference?> outerResolve)
        {
            var what = $"node '{node.Id}'";
            if (!_subgraphs.TryGetValue(node.Use!, out var subgraph))
            {
                reader.Errors.Add(new ConfigError(node.Location, $"{what} uses unknown subgraph '{node.Use}'"));
                return node;
            }

            var bindings = new Dictionary<string, NodeReference>(StringComparer.Ordinal);
            if (reader.Mapping(YamlReader.Child(mapping, "with"), $"{what} with") is { } with)
            {
                foreach (var (param, _, target) in reader.Entries(with, $"{what} with"))
                {
                    if (Ref(target, $"{what} with.{param}", outerResolve) is { } reference)
                    {
                        bindings[param] = reference;
                    }
                }
            }

            var declared = reader.Strings(YamlReader.Child(subgraph, "params"), "subgraph params").Select(p => p.Value).ToHashSet(StringComparer.Ordinal);
            foreach (var missing in declared.Where(p => !bindings.ContainsKey(p)))
            {
                reader.Errors.Add(new ConfigError(node.Location, $"{what} does not bind subgraph parameter '{missing}'"));
            }

            foreach (var extra in bindings.Keys.Where(p => !declared.Contains(p)))
            {
                reader.Errors.Add(new ConfigError(bindings[extra].Location, $"{what} binds '{extra}', which subgraph '{node.Use}' does not declare"));
            }

            var prefix = node.Id + "/";
            NodeReference? Resolve(string target, SourceLocation location)
            {
                if (target.StartsWith('$'))
                {
                    if (bindings.TryGetValue(target[1..], out var bound))
                    {
                        return bound;
                    }

                    reader.Errors.Add(new ConfigError(location, $"subgraph '{node.Use}' refers to undeclared parameter '{target}'"));
                    return null;
                }

                return new NodeReference(prefix + target, location);
            }

            if (reader.Mapping(YamlReader.Child(subgraph, "nodes"), $"subgraph '{node.Use}' nodes") is { } nodes)
            {
                foreach (var (id, keyNode, value) in reader.Entries(nodes, $"subgraph '{node.Use}' nodes"))
                {
                    if (reader.Mapping(value, $"node '{id}'") is { } child)
                    {
                        AddNode(ReadNode(prefix + id, keyNode, child, Resolve));
                    }
                }
            }

            var startNode = YamlReader.Child(subgraph, "start");
            var start = reader.String(startNode, "subgraph start");
            if (start is null)
            {
                reader.Errors.Add(new ConfigError(node.Location, $"subgraph '{node.Use}' has no 'start'"));
                return node;
            }

            return node with { Next = new NodeReference(prefix + start, reader.At(startNode!)) };
        }
    }

    /// <summary>Whole-graph checks that need every node, slot and tool read first.</summary>
    private sealed class GraphValidator(AgentGraph graph, YamlReader reader, List<Template> templates)
    {
        public void Validate(YamlNode startNode)
        {
            if (!graph.Nodes.ContainsKey(graph.Start))
            {
                reader.Error(startNode, $"start node '{graph.Start}' does not exist");
            }

            CheckReference(graph.Defaults.OnExhausted, "defaults.on_exhausted");
            foreach (var route in graph.GlobalRoutes)
            {
                CheckRoute(route);
            }

            foreach (var node in graph.Nodes.Values)
            {
                CheckNode(node);
            }

            foreach (var template in templates)
            {
                CheckTemplate(template);
            }

            CheckReachability();
        }

        private void CheckNode(NodeDefinition node)
        {
            var what = $"node '{node.Id}'";
            foreach (var route in node.Routes)
            {
                CheckRoute(route);
            }

            CheckReference(node.Next, $"{what} next");
            CheckReference(node.OnExhausted, $"{what} on_exhausted");
            if (node.IsTerminal && string.IsNullOrEmpty(node.Disposition))
            {
                Add(node.Location, $"{what} ends the call but has no 'disposition'");
            }

            if (!node.IsTerminal && node.Disposition is not null)
            {
                Add(node.DispositionLocation ?? node.Location, $"{what} has a disposition but neither ends nor transfers the call");
            }

            if (node.End && node.Transfer is not null)
            {
                Add(node.Location, $"{what} cannot both end and transfer");
            }

            if (node.IsTerminal && (node.Routes.Count > 0 || node.Next is not null || node.Action is not null))
            {
                Add(node.Location, $"{what} ends the call, so it cannot also have routes, an action or next");
            }

            if (node.Routes.Count > 0 && (node.Next is not null || node.Action is not null))
            {
                Add(node.Location, $"{what} waits for the caller (routes), so it cannot also have next or an action");
            }

            if (node.WaitsForInput && node.Use is null && node.Routes.Count == 0)
            {
                Add(node.Location, $"{what} is a dead end: give it routes, next, an action, end or transfer");
            }

            if (node.WaitsForInput && node.Say is null && node.Prompt is null)
            {
                Add(node.Location, $"{what} waits for the caller but has no response ('say' or 'prompt')");
            }

            if (node.Prompt is not null && node.Say is null)
            {
                Add(node.Location, $"{what} has a 'prompt' but no 'say' to fall back on when the model is slow or down");
            }

            if (node.WaitsForInput && node.Use is null && graph.EscalationTarget(node) is null)
            {
                Add(node.Location, $"{what} waits for the caller but has no 'on_exhausted' (and there is no defaults.on_exhausted)");
            }

            if (node.Action is { } action)
            {
                CheckAction(node, action);
            }
        }

        private void CheckAction(NodeDefinition node, ActionDefinition action)
        {
            foreach (var (_, target) in action.Outcomes)
            {
                CheckReference(target, $"node '{node.Id}' outcome");
            }

            if (!graph.Tools.TryGetValue(action.Tool, out var tool))
            {
                Add(action.Location, $"node '{node.Id}' calls unknown tool '{action.Tool}'");
                return;
            }

            foreach (var argument in action.Arguments.Keys.Where(a => !tool.Arguments.Properties.ContainsKey(a)))
            {
                Add(action.Arguments[argument].Location, $"tool '{tool.Name}' has no argument '{argument}'");
            }

            foreach (var required in tool.Arguments.Required.Where(r => !action.Arguments.ContainsKey(r)))
            {
                Add(action.Location, $"node '{node.Id}' does not pass required argument '{required}' to tool '{tool.Name}'");
            }
        }

        private void CheckRoute(RouteDefinition route) => CheckReference(route.Next, $"route '{route.Name}' next");

        private void CheckReference(NodeReference? reference, string what)
        {
            if (reference is not null && !graph.Nodes.ContainsKey(reference.Target))
            {
                Add(reference.Location, $"{what} refers to unknown node '{reference.Target}'");
            }
        }

        private void CheckTemplate(Template template)
        {
            foreach (var reference in template.References)
            {
                var dot = reference.IndexOf('.', StringComparison.Ordinal);
                if (dot < 0)
                {
                    if (!graph.Slots.ContainsKey(reference))
                    {
                        Add(template.Location, $"template names unknown slot '{{{reference}}}'");
                    }

                    continue;
                }

                var toolName = reference[..dot];
                var field = reference[(dot + 1)..];
                if (!graph.Tools.TryGetValue(toolName, out var tool))
                {
                    Add(template.Location, $"template names unknown tool '{toolName}' in '{{{reference}}}'");
                }
                else if (!tool.Returns.Contains(field, StringComparer.Ordinal))
                {
                    Add(template.Location, $"template names '{{{reference}}}', but tool '{toolName}' returns only: {string.Join(", ", tool.Returns)}");
                }
            }
        }

        private void CheckReachability()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<string>();
            void Visit(NodeReference? reference)
            {
                if (reference is not null && graph.Nodes.ContainsKey(reference.Target) && seen.Add(reference.Target))
                {
                    queue.Enqueue(reference.Target);
                }
            }

            if (graph.Nodes.ContainsKey(graph.Start))
            {
                seen.Add(graph.Start);
                queue.Enqueue(graph.Start);
            }

            Visit(graph.Defaults.OnExhausted);
            foreach (var route in graph.GlobalRoutes)
            {
                Visit(route.Next);
            }

            while (queue.TryDequeue(out var id))
            {
                var node = graph.Nodes[id];
                foreach (var route in node.Routes)
                {
                    Visit(route.Next);
                }

                Visit(node.Next);
                Visit(node.OnExhausted);
                foreach (var target in node.Action?.Outcomes.Values ?? [])
                {
                    Visit(target);
                }
            }

            foreach (var node in graph.Nodes.Values.Where(n => !seen.Contains(n.Id)))
            {
                Add(node.Location, $"node '{node.Id}' is unreachable from '{graph.Start}'");
            }
        }

        private void Add(SourceLocation location, string reason) => reader.Errors.Add(new ConfigError(location, reason));
    }
}
