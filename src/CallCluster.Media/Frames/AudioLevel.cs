namespace CallCluster.Media.Frames;

/// <summary>
/// The level of a block of 16-bit PCM. The energy gates that tell speech from line silence (the grain's VAD, the
/// edge's replay pacing, the load callers' turn detection) all compare it with a threshold in dBFS.
/// </summary>
public static class AudioLevel
{
    private const double FullScaleSquare = 32768.0 * 32768.0;

    /// <summary>Mean power relative to full scale, in dBFS; negative infinity for digital silence or an empty block.</summary>
    public static double Dbfs(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return double.NegativeInfinity;
        }

        double sum = 0;
        foreach (var sample in samples)
        {
            sum += sample * (double)sample;
        }

        return 10 * Math.Log10(sum / samples.Length / FullScaleSquare);
    }
}
