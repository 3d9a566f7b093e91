using YamlDotNet.Serialization;

namespace CallCluster.Agent.Simulation;

/// <summary>
/// A saved simulator session, replayed as a regression test: the turns typed in and, for each, the state
/// the engine must reach (node path, tool calls, disposition, end flag, words the response contains).
/// Stored as YAML (see docs/agent-config.md, "Sessions").
/// </summary>
public sealed class SessionCase
{
    /// <summary>The agent config, relative to the session file.</summary>
    public string Agent { get; set; } = string.Empty;

    public string? Caller { get; set; }

    /// <summary>The clock at the start of the session (ISO 8601), so relative dates ("tomorrow") replay the same.</summary>
    public string Now { get; set; } = string.Empty;

    [YamlIgnore]
    public DateTimeOffset Clock => DateTimeOffset.Parse(Now, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);

    public List<SessionTurn> Turns { get; set; } = [];
}

/// <summary>One input (exactly one of start, say, dtmf, no_input) and what it must produce.</summary>
public sealed class SessionTurn
{
    public bool Start { get; set; }

    public string? Say { get; set; }

    public string? Dtmf { get; set; }

    public bool NoInput { get; set; }

    public SessionExpectation Expect { get; set; } = new();

    public string Describe() => Start ? "start" : Say is not null ? $"say '{Say}'" : Dtmf is not null ? $"dtmf {Dtmf}" : "no input";
}

/// <summary>State assertions for a turn; a field left null is not checked.</summary>
public sealed class SessionExpectation
{
    public string? Node { get; set; }

    public List<string>? Path { get; set; }

    /// <summary>Tool calls as <c>tool:outcome</c>, in order.</summary>
    public List<string>? Tools { get; set; }

    public Dictionary<string, string>? Slots { get; set; }

    public bool? Ended { get; set; }

    public string? Disposition { get; set; }

    public string? ResponseContains { get; set; }
}
