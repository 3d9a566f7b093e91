using CallCluster.Media.Frames;

namespace CallCluster.Grains.Listening;

/// <summary>
/// A frame-energy voice activity detector with start and stop hysteresis over a fixed threshold (Media's
/// <c>VoiceActivityDetector</c> tracks the noise floor instead; the grain has not moved to it). Allocates nothing per frame.
/// </summary>
public sealed class EnergyVad(double thresholdDbfs, int startFrames, int stopFrames)
{
    private int _run;

    /// <summary>True while the caller is speaking.</summary>
    public bool InSpeech { get; private set; }

    /// <summary>Feeds one frame; returns true when <see cref="InSpeech"/> changed on this frame.</summary>
    public bool Process(ReadOnlySpan<short> frame)
    {
        var loud = AudioLevel.Dbfs(frame) >= thresholdDbfs;
        if (loud == InSpeech)
        {
            _run = 0;
            return false;
        }

        _run++;
        if (_run < (InSpeech ? stopFrames : startFrames))
        {
            return false;
        }

        _run = 0;
        InSpeech = !InSpeech;
        return true;
    }
}
