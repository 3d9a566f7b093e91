namespace CallCluster.Load.Failover;

/// <summary>What one failover run does. Every default is stated here, once.</summary>
public sealed record FailoverOptions
{
    /// <summary>The <c>callcluster</c> executable the silo and edge processes run.</summary>
    public required NodeLaunch Launch { get; init; }

    /// <summary>
    /// Connection string of the PostgreSQL server, where the run creates a database of its own and drops it after; or,
    /// with <see cref="CreateDatabase"/> false, of an empty database the run may fill (a test fixture's).
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>Default true: <see cref="ConnectionString"/> names a server and the run makes (and drops) its own database.</summary>
    public bool CreateDatabase { get; init; } = true;

    /// <summary>The agent graph the silos run. Its refund path with identity check is what every call walks.</summary>
    public required string AgentFile { get; init; }

    /// <summary>Default 20, the acceptance's figure: concurrent scripted calls, each with its own order to refund.</summary>
    public int Calls { get; init; } = 20;

    /// <summary>
    /// Default 1 s: between two call starts. Staggered starts spread the calls over the script, so the kill finds them
    /// in every phase (listening, thinking, speaking), and keep 20 greetings from being synthesised at the same instant.
    /// </summary>
    public TimeSpan Stagger { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Default 10: pocketsphinx decoders each silo loads (before it joins) — concurrent caller utterances it can
    /// recognise without waiting. After the kill one silo holds every call; at 20 calls about a quarter of callers
    /// speak at any moment, so 10 leaves room. Each decoder holds the acoustic model (tens of MB).
    /// </summary>
    public int DecodersPerSilo { get; init; } = 10;

    /// <summary>
    /// Default 2 s: agent silence after which a scripted caller takes its turn. Above the pause between two synthesised
    /// sentences on a loaded 2-core machine, which passes the caller's usual 0.8 s.
    /// </summary>
    public TimeSpan EndOfTurnSilence { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Default 30 s: how long a caller waits for the agent's answer to a turn; covers a failover and a loaded machine.</summary>
    public TimeSpan AgentResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Default 4 minutes: a call's limit. A script is about a minute and a half of conversation on a quiet machine.</summary>
    public TimeSpan MaxCallDuration { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>Default 2 minutes: for each node to become ready (a silo loads the speech models first).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Default 3 minutes: for every call to be past its first answered turn, when the kill happens.</summary>
    public TimeSpan KillReadinessTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Default 30 s: for the evidence package of an ended call to appear.</summary>
    public TimeSpan EvidenceTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Default a fresh temporary directory: the processes' working directory; evidence goes under it.</summary>
    public string WorkingDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "callcluster-failover-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Where both silos write evidence packages (one shared folder, as a shared volume would be).</summary>
    public string EvidenceDirectory => Path.Combine(WorkingDirectory, "evidence");

    /// <summary>Default none: where progress lines go.</summary>
    public TextWriter Progress { get; init; } = TextWriter.Null;
}
