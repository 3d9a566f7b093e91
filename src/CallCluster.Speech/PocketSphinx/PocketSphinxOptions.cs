namespace CallCluster.Speech.PocketSphinx;

/// <summary>Where pocketsphinx finds its model and how many decoders the process keeps.</summary>
public sealed class PocketSphinxOptions
{
    /// <summary>Default: Debian's pocketsphinx-en-us acoustic model (16 kHz wideband).</summary>
    public string AcousticModelPath { get; set; } = "/usr/share/pocketsphinx/model/en-us/en-us";

    /// <summary>Default: Debian's CMU pronunciation dictionary; grammars may only use its words.</summary>
    public string DictionaryPath { get; set; } = "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict";

    /// <summary>
    /// Default: Debian's general English language model, used only when a turn has no hints. Null disables free-text
    /// recognition (and saves ~30 MB and some load time per decoder); a hint-less session then fails clearly.
    /// </summary>
    public string? LanguageModelPath { get; set; } = "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin";

    /// <summary>
    /// Default 4: the most decoders alive at once, i.e. concurrent utterances per process. Each holds the acoustic
    /// model (tens of MB) and takes ~0.5 s to load, so they are pooled, not created per utterance; a host loads all of
    /// them at start-up.
    /// </summary>
    public int MaxDecoders { get; set; } = 4;

    /// <summary>
    /// Default 32: compiled grammars kept per decoder. Nodes repeat across calls, so switching to a cached search is
    /// cheap; beyond this the least recently used is dropped.
    /// </summary>
    public int MaxGrammarsPerDecoder { get; set; } = 32;

    /// <summary>Default 100 ms: how often a partial hypothesis is read while audio arrives (a trade of CPU for latency).</summary>
    public TimeSpan PartialInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Default empty: extra decoder arguments for tuning, e.g. <c>["-beam", "1e-60"]</c>.</summary>
    public IList<string> ExtraArguments { get; } = [];

    /// <summary>
    /// Default empty: pronunciations added to the dictionary at load (word → CMU phones, e.g. a product name), as an
    /// alternate when the word exists. Grammars may then use the word.
    /// </summary>
    public IDictionary<string, string> ExtraPronunciations { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Default true: search wider than pocketsphinx's defaults (beams 1e-80 instead of 1e-48, 8 Gaussians per senone
    /// instead of 4). Grammars are small, so the extra search is cheap, and on the default agent's corpus the default
    /// beams pruned the right path of short answers ("refund" came back empty). Off gives pocketsphinx's defaults.
    /// </summary>
    public bool WideSearch { get; set; } = true;

    /// <summary>
    /// Default 0.2: the word insertion penalty (<c>-wip</c>; pocketsphinx's own default is 0.65). With a grammar the
    /// candidate words are few, so a milder penalty lets the search keep every spoken digit instead of merging two
    /// into one and padding the count elsewhere ("nine oh nine zero nine oh" heard as "nine oh oh nine zero oh"). On
    /// the default agent's corpus 0.1, 0.2 and 0.3 all gave 105 of 110 against 104 at 0.65
    /// (docs/benchmarks-speech.md); 0.2 is the middle of that plateau. Not to be repeated in <see cref="ExtraArguments"/>.
    /// </summary>
    public double WordInsertionPenalty { get; set; } = 0.2;

    /// <summary>
    /// Default true: add alternate pronunciations of digit words (e.g. "nine" without its initial n), which the packaged
    /// dictionary lacks and which cost whole digits in spoken order numbers. Off gives the dictionary as shipped.
    /// </summary>
    public bool DigitAlternates { get; set; } = true;

    /// <summary>
    /// Default false: pocketsphinx's spectral noise subtraction (<c>-remove_noise</c>). Off because on our measured
    /// corpus it cost whole words (e.g. "noon" heard as "two"); turn it on for noisy lines.
    /// </summary>
    public bool RemoveNoise { get; set; }

    /// <summary>
    /// Default false: pocketsphinx dropping frames its voice detector calls silence (<c>-remove_silence</c>). Off because
    /// it clipped weak word onsets on our measured corpus; the caller's VAD already bounds the utterance.
    /// </summary>
    public bool RemoveSilence { get; set; }

    /// <summary>Default /dev/null: pocketsphinx's own log, which is verbose. Set a file path to debug the decoder.</summary>
    public string NativeLogPath { get; set; } = "/dev/null";
}
