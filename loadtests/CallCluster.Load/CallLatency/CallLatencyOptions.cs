using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;

namespace CallCluster.Load.CallLatency;

/// <summary>Settings of the call-latency benchmark. Every default is stated once, here.</summary>
public sealed record CallLatencyOptions
{
    /// <summary>The agent's SIP address (the embedded edge's listener).</summary>
    public required SipUri Target { get; init; }

    /// <summary>
    /// Reads the agent's own per-turn breakdown of a finished call (its evidence package), or null when there is none.
    /// </summary>
    public required Func<string, CancellationToken, Task<IReadOnlyList<GrainTurn>?>> GrainTurns { get; init; }

    /// <summary>Concurrency levels reported as latency figures. Default 1, 10 and 50 (issue 5's levels).</summary>
    public IReadOnlyList<int> Levels { get; init; } = [1, 10, 50];

    /// <summary>
    /// Also step the concurrency up (1, 2, 4, 8, … and the levels above) until the p95 answer latency passes
    /// <see cref="TurnGoal"/>, for calls per core. Default true.
    /// </summary>
    public bool FindCapacity { get; init; } = true;

    /// <summary>The p95 answer latency a level must keep to count for calls per core. Default 800 ms (issue 5's goal).</summary>
    public TimeSpan TurnGoal { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>How long each level is measured, after its <see cref="WarmIn"/>. Default 30 s: several turns of every call at 50 calls.</summary>
    public TimeSpan LevelDuration { get; init; } = DefaultLevelDuration;

    /// <summary>The default of <see cref="LevelDuration"/>, for the command line that offers it.</summary>
    public static TimeSpan DefaultLevelDuration { get; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A level's calls start one after another over this span. Default 10 s, about one turn of a call here (the caller's
    /// line, the answer, the agent's 1.5 s of silence): the callers' scripts all take the same time, so they keep the
    /// phases they start with, and independent callers on a trunk talk at any point of each other's turns. Started
    /// within 3 s (before session 7), the level's callers spoke in one burst per turn, far more at once than the
    /// decoders could take.
    /// </summary>
    public TimeSpan RampUp { get; init; } = DefaultRampUp;

    /// <summary>The default of <see cref="RampUp"/>, for the command line that offers it.</summary>
    public static TimeSpan DefaultRampUp { get; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a level's calls run before anything is counted. Default 20 s: the calls' staggered start and their
    /// greetings are over, and the callers are talking. Without it a short level at 50 calls timed mostly each call's
    /// first turn, while most callers were still listening to the greeting and few were being recognised: its overhead
    /// p99 was a tenth of the steady state's.
    /// </summary>
    public TimeSpan WarmIn { get; init; } = DefaultWarmIn;

    /// <summary>The default of <see cref="WarmIn"/>, for the command line that offers it.</summary>
    public static TimeSpan DefaultWarmIn { get; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// A level goes on past its duration until this many answers were timed (at most three durations). Default 20: a
    /// single call answers only about five times a minute, because the agent's answers are long.
    /// </summary>
    public int MinTurnsPerLevel { get; init; } = 20;

    /// <summary>
    /// The caller's lines, spoken in a loop. Default: the default agent's order-status path ("order status", then the
    /// order number), which loops through the "anything else" node forever.
    /// </summary>
    public IReadOnlyList<string> Lines { get; init; } = ["order status", "one two three four five six"];

    /// <summary>Lines per call before the caller hangs up and calls again. Default 6 (three order lookups).</summary>
    public int TurnsPerCall { get; init; } = 6;

    /// <summary>
    /// Agent silence after which its turn counts as over and the caller speaks. Default 1.5 s: longer than the pauses
    /// between the agent's sentences, even when synthesis of the next one is delayed by load.
    /// </summary>
    public TimeSpan EndOfTurnSilence { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Time the caller waits for an answer before counting the turn unanswered. Default 10 s.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Codecs the callers offer, best first. Default G.722 then L16: wideband and cheap, so codecs do not steal CPU.</summary>
    public IReadOnlyList<AudioCodec> Codecs { get; init; } = [AudioCodec.G722, AudioCodec.L16];

    /// <summary>
    /// SCHED_FIFO priority of the callers' own edge's playout threads (<see cref="CallCluster.Edge.Playout.PlayoutOptions.RealtimePriority"/>);
    /// 0 for nice -10. Default: the edge's own default, so both sides of the benchmark pace alike.
    /// </summary>
    public int RealtimePriority { get; init; } = new CallCluster.Edge.Playout.PlayoutOptions().RealtimePriority;

    /// <summary>Where progress lines go; null for none.</summary>
    public TextWriter? Progress { get; init; }
}
