using CallCluster.Media.Frames;
using CallCluster.Media.Vad;

namespace CallCluster.Load.Calls;

/// <summary>
/// Decides from per-frame voice activity when the agent starts a turn and when it has finished one: a turn starts
/// where the run of speech frames that convinced the VAD began, and ends once the agent has been quiet for the
/// end-of-turn silence (pauses between sentences shorter than that stay inside the turn). Pure: times are given.
/// </summary>
internal sealed class AgentTurnDetector
{
    private readonly TimeSpan _endOfTurnSilence;
    private readonly double _startThreshold;
    private readonly double _continueThreshold;
    private TimeSpan? _runStart;

    public AgentTurnDetector(TimeSpan endOfTurnSilence, VoiceActivityOptions vad)
    {
        _endOfTurnSilence = endOfTurnSilence;
        _startThreshold = vad.StartThreshold;
        _continueThreshold = vad.ContinueThreshold;
    }

    /// <summary>True from the start of an agent turn until its end-of-turn silence has passed.</summary>
    public bool InTurn { get; private set; }

    /// <summary>True while the VAD hears the agent (narrower than <see cref="InTurn"/>).</summary>
    public bool AgentSpeaking { get; private set; }

    /// <summary>Where the current (or last) turn started.</summary>
    public TimeSpan TurnStart { get; private set; }

    /// <summary>The end of the last frame of speech in the current (or last) turn.</summary>
    public TimeSpan LastVoice { get; private set; }

    /// <summary>
    /// The end of the last frame that sounded like speech (probability at the continue threshold or above), without the
    /// VAD's hangover: where the agent's voice really stopped, which <see cref="AgentSpeaking"/> reports up to a hangover late.
    /// </summary>
    public TimeSpan LastSound { get; private set; }

    /// <summary>Feeds the verdict on the frame that began at <paramref name="at"/>.</summary>
    public AgentTurnSignal Observe(VoiceActivity activity, TimeSpan at)
    {
        var frameEnd = at + AudioFormat.FrameDuration;
        AgentSpeaking = activity.IsSpeech;
        if (activity.Probability >= _continueThreshold)
        {
            LastSound = frameEnd;
        }

        if (activity.Probability >= _startThreshold)
        {
            _runStart ??= at;
        }
        else
        {
            _runStart = null;
        }

        if (!InTurn)
        {
            if (!activity.IsSpeech)
            {
                return AgentTurnSignal.None;
            }

            InTurn = true;
            TurnStart = _runStart ?? at;
            LastVoice = frameEnd;
            return AgentTurnSignal.Started;
        }

        if (activity.IsSpeech || activity.Probability >= _continueThreshold)
        {
            LastVoice = frameEnd;
            return AgentTurnSignal.None;
        }

        return Check(frameEnd);
    }

    /// <summary>Ends the current turn now (the caller took the floor), so the agent's next speech starts a new one.</summary>
    public void EndTurn()
    {
        InTurn = false;
        _runStart = null;
    }

    /// <summary>Checks for the end of the turn when no frame arrived (a line that stops sending in silence).</summary>
    public AgentTurnSignal Check(TimeSpan now)
    {
        if (!InTurn || AgentSpeaking || now - LastVoice < _endOfTurnSilence)
        {
            return AgentTurnSignal.None;
        }

        InTurn = false;
        _runStart = null;
        return AgentTurnSignal.Ended;
    }
}

/// <summary>What one observation changed.</summary>
internal enum AgentTurnSignal
{
    None,
    Started,
    Ended,
}
