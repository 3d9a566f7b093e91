namespace CallCluster.Speech.PocketSphinx;

/// <summary>
/// Alternate pronunciations for digit words, added to the decoder's dictionary when
/// <see cref="PocketSphinxOptions.DigitAlternates"/> is on. Digit strings are where a misheard word costs the most
/// (a wrong order number), and they are said fast, so onsets get swallowed.
/// </summary>
internal static class DigitPronunciations
{
    /// <summary>
    /// "nine" with a weak or lost initial n ("AY N"): in our measurements (docs/benchmarks-speech.md) the packaged model
    /// heard such a "nine" as "one" (W AH N) in 4 of 18 digit strings; with this alternate, in none.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Alternates = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["nine"] = "AY N",
    };
}
