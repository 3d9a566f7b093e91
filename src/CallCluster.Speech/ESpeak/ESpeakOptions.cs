namespace CallCluster.Speech.ESpeak;

/// <summary>How espeak-ng speaks.</summary>
public sealed class ESpeakOptions
{
    /// <summary>Default "en-us": an espeak-ng voice name (see <c>espeak-ng --voices</c>).</summary>
    public string Voice { get; set; } = "en-us";

    /// <summary>
    /// Default 160 words per minute: a little under espeak's 175, which callers on a phone line follow more easily.
    /// espeak accepts 80 to 450.
    /// </summary>
    public int WordsPerMinute { get; set; } = 160;

    /// <summary>
    /// Default 40 ms: audio espeak accumulates before each callback. Smaller chunks reach the caller sooner;
    /// espeak only allows one setting per process, so the first synthesiser created fixes it.
    /// </summary>
    public int ChunkMilliseconds { get; set; } = 40;

    /// <summary>Default null: espeak-ng's compiled-in data directory (Debian's espeak-ng-data).</summary>
    public string? DataPath { get; set; }

    /// <summary>Default 5: speexdsp resampler quality (0–10) for 22 050 → 16 000 Hz; 5 is speex's VoIP setting.</summary>
    public int ResamplerQuality { get; set; } = 5;
}
