using CallCluster.Agent.TurnTaking;

namespace CallCluster.Grains.Calls;

/// <summary>Settings of call grains. Every default is stated once, here.</summary>
public sealed class CallGrainOptions
{
    /// <summary>
    /// Timings and lines of the turn-taking machine (its own defaults apply; the resume line lives there), except that
    /// the call's agent answers the caller's silence (<see cref="TurnTakingOptions.AgentAnswersSilence"/> = true by
    /// default): the graph has its own reprompts, retry limit and no-input goodbye with its own disposition, and those
    /// are what its author configured for the caller to hear.
    /// </summary>
    public TurnTakingOptions TurnTaking { get; set; } = new() { AgentAnswersSilence = true };

    /// <summary>
    /// Where evidence packages are written, one folder per call. Default "evidence" under the working directory,
    /// so a local run leaves its packages next to it.
    /// </summary>
    public string EvidenceDirectory { get; set; } = "evidence";

    /// <summary>
    /// Frame energy above which a frame counts as speech, in dBFS. Default -40 dBFS: well above line noise and
    /// comfort noise (below -60), well below normal speech (-30 to -10).
    /// </summary>
    public double VadThresholdDbfs { get; set; } = -40;

    /// <summary>Speech frames in a row before speech starts. Default 3 (60 ms): a click or a pop is shorter.</summary>
    public int VadStartFrames { get; set; } = 3;

    /// <summary>Quiet frames in a row before speech stops. Default 15 (300 ms): shorter gaps are pauses between words.</summary>
    public int VadStopFrames { get; set; } = 15;

    /// <summary>
    /// Audio kept from before the VAD fired and fed to the recognizer first. Default 300 ms: covers the VAD's start
    /// delay and a soft first consonant.
    /// </summary>
    public TimeSpan PreRoll { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// The longest stereo recording kept for the evidence package. Default 30 min, the turn-taking machine's
    /// maximum call length; past it the recording stops growing (the call goes on).
    /// </summary>
    public TimeSpan MaxRecording { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Throws when a value would make the grain misbehave, naming the option.</summary>
    public void Validate()
    {
        TurnTaking.Validate();
        if (string.IsNullOrWhiteSpace(EvidenceDirectory))
        {
            throw new ArgumentException($"{nameof(EvidenceDirectory)} is empty; evidence packages need a directory.");
        }

        if (VadStartFrames < 1 || VadStopFrames < 1)
        {
            throw new ArgumentException($"{nameof(VadStartFrames)} and {nameof(VadStopFrames)} must be at least 1.");
        }

        if (PreRoll < TimeSpan.Zero || MaxRecording <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(PreRoll)} must be zero or more and {nameof(MaxRecording)} more than zero.");
        }
    }
}
