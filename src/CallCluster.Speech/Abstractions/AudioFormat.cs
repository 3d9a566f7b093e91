namespace CallCluster.Speech.Abstractions;

/// <summary>The internal audio format every speech provider consumes and produces.</summary>
public static class AudioFormat
{
    /// <summary>16 kHz: the packaged acoustic model is wideband, and narrowband audio is not recognised.</summary>
    public const int SampleRate = 16_000;

    /// <summary>20 ms at 16 kHz.</summary>
    public const int FrameSamples = 320;
}
