using CallCluster.Media.Vad;
using CallCluster.Speech.Abstractions;

namespace CallCluster.Load.Calls;

/// <summary>How the scripted caller listens, decides that the agent's turn is over, and gives up.</summary>
public sealed record ScriptedCallerOptions
{
    /// <summary>
    /// Default 800 ms: silence after the agent's last speech before the caller takes its turn. Longer than the pauses
    /// between an agent's sentences (200–500 ms with espeak and most TTS), short enough to feel like a prompt human.
    /// </summary>
    public TimeSpan EndOfTurnSilence { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>
    /// Default 10 s: how long the caller waits for the agent to start speaking (its greeting, or its answer to a
    /// turn) before recording "no answer" for that turn and going on. Covers a slow LLM with room to spare.
    /// </summary>
    public TimeSpan AgentResponseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Default true: the agent speaks first (a greeting) and the caller waits for it, as on a real inbound call. When
    /// false the caller speaks at once.
    /// </summary>
    public bool WaitForGreeting { get; init; } = true;

    /// <summary>Default 2 minutes: the whole call's limit, after which the caller hangs up whatever the script says.</summary>
    public TimeSpan MaxCallDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Default none (free text): what the agent is expected to say. With phrases, pocketsphinx recognises against a
    /// grammar and is accurate; with its free language model it mostly is not (see PACKAGES.md).
    /// </summary>
    public RecognitionHints Hints { get; init; } = RecognitionHints.None;

    /// <summary>Default: Media's VAD defaults, which suit TTS and phone speech.</summary>
    public VoiceActivityOptions Vad { get; init; } = new();

    /// <summary>
    /// Default 300 ms: audio kept from before the agent's speech is detected and fed to the recogniser first, so the
    /// first syllable (which the VAD needs a few frames to trust) is not cut off.
    /// </summary>
    public TimeSpan PreRoll { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        Require(EndOfTurnSilence > TimeSpan.Zero, nameof(EndOfTurnSilence), EndOfTurnSilence);
        Require(AgentResponseTimeout > TimeSpan.Zero, nameof(AgentResponseTimeout), AgentResponseTimeout);
        Require(MaxCallDuration > TimeSpan.Zero, nameof(MaxCallDuration), MaxCallDuration);
        Require(PreRoll >= TimeSpan.Zero && PreRoll <= TimeSpan.FromSeconds(2), nameof(PreRoll), PreRoll);
        ArgumentNullException.ThrowIfNull(Hints);
        ArgumentNullException.ThrowIfNull(Vad);
    }

    private static void Require(bool valid, string name, TimeSpan value)
    {
        if (!valid)
        {
            throw new ArgumentException($"ScriptedCallerOptions.{name} = {value} is out of range.", name);
        }
    }
}
