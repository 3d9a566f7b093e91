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
    /// model (tens of MB) and takes ~0.5 s to load, so they are pooled, not created per utterance.
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

    /// <summary>Default /dev/null: pocketsphinx's own log, which is verbose. Set a file path to debug the decoder.</summary>
    public string NativeLogPath { get; set; } = "/dev/null";
}
