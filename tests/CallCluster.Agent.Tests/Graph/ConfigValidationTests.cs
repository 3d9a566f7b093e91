using CallCluster.Agent.Graph;

namespace CallCluster.Agent.Tests.Graph;

public sealed class ConfigValidationTests
{
    [Fact]
    public void Broken_config_reports_every_error_with_its_position()
    {
        var path = Path.Combine(RepoPaths.Configs, "broken.yaml");
        var error = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.LoadFile(path));
        var lines = error.Errors.Select(e => $"{e.Location.Line}:{e.Location.Column}: {e.Reason}").ToList();

        string[] expected =
        [
            "7:17: slot 'mood' has unknown type 'feelings' (expected digits, number, date, time, yes_no, enum or text)",
            "15:48: tool 'lookup_order' arguments.order_number pattern is not a valid regex",
            "19:10: template names unknown slot '{caller_name}'",
            "23:20: route pattern is not a valid regex",
            "26:17: route uses unknown slot 'colour'",
            "27:15: route 'other' next refers to unknown node 'nowhere'",
            "30:7: node 'lookup' action has no 'error' outcome: a failing tool needs somewhere to go",
            "34:10: template names '{lookup_order.colour}', but tool 'lookup_order' returns only: status",
            "36:3: node 'goodbye' ends the call but has no 'disposition'",
            "39:3: node 'orphan' is a dead end: give it routes, next, an action, end or transfer",
            "39:3: node 'orphan' is unreachable from 'greeting'",
            "41:5: node 'orphan': unknown key 'nxt'",
        ];
        Assert.Equal(expected.Length, lines.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.StartsWith(expected[i], lines[i], StringComparison.Ordinal);
        }

        Assert.All(error.Errors, e => Assert.Equal(path, e.Location.File));
        Assert.Contains($"{path}:19:10: template names unknown slot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_is_a_hash_of_the_canonical_config_not_its_layout()
    {
        var minimal = AgentConfigLoader.LoadFile(Path.Combine(RepoPaths.Configs, "minimal.yaml"));
        var reformatted = AgentConfigLoader.LoadFile(Path.Combine(RepoPaths.Configs, "minimal-reformatted.yaml"));
        var changed = AgentConfigLoader.Load(File.ReadAllText(Path.Combine(RepoPaths.Configs, "minimal.yaml")).Replace("Your code?", "Your PIN?", StringComparison.Ordinal), "changed.yaml");

        Assert.Equal(minimal.Version, reformatted.Version);
        Assert.NotEqual(minimal.Version, changed.Version);
        Assert.Matches("^[0-9a-f]{16}$", minimal.Version);
    }

    [Fact]
    public void Yaml_syntax_error_points_at_the_position()
    {
        var error = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Load("agent: x\nnodes:\n  a: [unclosed\n", "syntax.yaml"));
        var only = Assert.Single(error.Errors);
        Assert.Equal("syntax.yaml", only.Location.File);
        Assert.StartsWith("YAML syntax", only.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Subgraph_parameters_must_be_bound_and_declared()
    {
        const string yaml = """
            agent: sub
            start: check
            defaults: { on_exhausted: bye }
            slots: { pin: { type: digits, length: 4 } }
            nodes:
              check:
                use: pin_check
                with: { on_ok: bye, extra: bye }
              bye: { say: "Bye.", end: true, disposition: done }
            subgraphs:
              pin_check:
                params: [on_ok, on_fail]
                start: ask
                nodes:
                  ask:
                    say: "PIN?"
                    routes:
                      - { name: pin, slots: [pin], next: $on_ok }
                      - { name: skip, keywords: [skip], next: $on_fail }
            """;
        var error = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Load(yaml, "sub.yaml"));
        var reasons = error.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(reasons, r => r.StartsWith("sub.yaml:6:3: node 'check' does not bind subgraph parameter 'on_fail'", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("sub.yaml:8:32: node 'check' binds 'extra'", StringComparison.Ordinal));
    }

    [Fact]
    public void Default_agent_loads_and_expands_its_subgraphs()
    {
        var graph = AgentConfigLoader.LoadFile(RepoPaths.DefaultAgent);

        Assert.Equal("customer-service", graph.Name);
        Assert.Contains("refund_identity/ask_zip", graph.Nodes.Keys);
        Assert.Contains("human/hand_off", graph.Nodes.Keys);
        Assert.Equal("support", graph.Node("human/hand_off").Transfer);
        Assert.Equal("emergency_transfer", graph.Node("emergency_transfer/hand_off").Disposition);
        Assert.Equal(["emergency", "opt_out", "wrong_number", "ask_for_human"], graph.GlobalRoutes.Select(r => r.Name));
    }

    [Fact]
    public void Mermaid_export_draws_every_route()
    {
        var graph = AgentConfigLoader.LoadFile(RepoPaths.DefaultAgent);
        var mermaid = MermaidExporter.Export(graph);

        Assert.StartsWith("flowchart TD", mermaid, StringComparison.Ordinal);
        foreach (var route in graph.Nodes.Values.SelectMany(n => n.Routes).Concat(graph.GlobalRoutes))
        {
            Assert.Contains($"|{route.Name}|", mermaid, StringComparison.Ordinal);
        }

        Assert.Contains("transfer: safety", mermaid, StringComparison.Ordinal);
    }
}
