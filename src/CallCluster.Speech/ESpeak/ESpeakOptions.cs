namespace CallCluster.Speech.ESpeak;

/// <summary>How espeak-ng speaks.</summary>
public sealed class ESpeakOptions
{
    /// <summary>Default "en-us": an espeak-ng voice name (see <c>espeak-ng --voices</c>).</summary>
    public string Voice { get; set; } = "en-us";

    /// <summary>
    /// Default 175 words per minute, espeak's normal rate (espeak accepts 80 to 450). In our round-trip measurements
    /// slower speech was not recognised better.
    /// </summary>
    public int WordsPerMinute { get; set; } = 175;

    /// <summary>Default 50: espeak's base pitch, 0–100 (espeak's own default).</summary>
    public int Pitch { get; set; } = 50;

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
