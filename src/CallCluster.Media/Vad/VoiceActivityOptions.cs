namespace CallCluster.Media.Vad;

/// <summary>Thresholds and timing of <see cref="VoiceActivityDetector"/>.</summary>
public sealed record VoiceActivityOptions
{
    /// <summary>Speech probability (0–1) that opens a speech segment. Default 0.6: needs clear evidence to start, so noise bursts rarely do.</summary>
    public double StartThreshold { get; init; } = 0.6;

    /// <summary>Probability that keeps a segment open. Default 0.35: lower than the start (hysteresis), so soft word endings stay in.</summary>
    public double ContinueThreshold { get; init; } = 0.35;

    /// <summary>Consecutive frames above the start threshold before speech is declared. Default 3 (60 ms): clicks and coughs are shorter.</summary>
    public int StartFrames { get; init; } = 3;

    /// <summary>Time speech stays declared after the probability drops. Default 300 ms: bridges the pauses between words, not between turns.</summary>
    public TimeSpan Hangover { get; init; } = TimeSpan.FromMilliseconds(300);

    internal void Validate()
    {
        if (StartThreshold is <= 0 or > 1 || ContinueThreshold <= 0 || ContinueThreshold > StartThreshold)
        {
            throw new ArgumentException($"VAD thresholds must satisfy 0 < ContinueThreshold ({ContinueThreshold}) <= StartThreshold ({StartThreshold}) <= 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(StartFrames, nameof(StartFrames));
        ArgumentOutOfRangeException.ThrowIfLessThan(Hangover, TimeSpan.Zero, nameof(Hangover));
    }
}
