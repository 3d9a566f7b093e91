namespace CallCluster.Grains.Listening;

/// <summary>
/// A frame-energy voice activity detector with start and stop hysteresis. Media has no VAD yet; this one is enough
/// for clean wideband lines and is replaced by Media's when it lands. Allocates nothing per frame.
/// </summary>
public sealed class EnergyVad(double thresholdDbfs, int startFrames, int stopFrames)
{
    private readonly double _thresholdSquare = Math.Pow(32768 * Math.Pow(10, thresholdDbfs / 20), 2);
    private int _run;

    /// <summary>True while the caller is speaking.</summary>
    public bool InSpeech { get; private set; }

    /// <summary>Feeds one frame; returns true when <see cref="InSpeech"/> changed on this frame.</summary>
    public bool Process(ReadOnlySpan<short> frame)
    {
        double sum = 0;
        foreach (var sample in frame)
        {
            sum += sample * (double)sample;
        }

        var loud = frame.Length > 0 && sum / frame.Length >= _thresholdSquare;
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
