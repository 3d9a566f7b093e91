using System.Collections.Frozen;

namespace CallCluster.Speech.Grammar;

/// <summary>
/// The words a recogniser can pronounce (the first column of a CMU-format dictionary). A grammar that names a
/// word outside it fails to load in pocketsphinx, so phrases are checked against it before compiling.
/// </summary>
public sealed class PronunciationDictionary
{
    private readonly FrozenSet<string> _words;

    public PronunciationDictionary(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        _words = words.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>Number of distinct words.</summary>
    public int Count => _words.Count;

    public bool Contains(string word) => _words.Contains(word);

    /// <summary>Reads a CMU dictionary ("word PH ON EMES", alternates as "word(2) ...").</summary>
    /// <exception cref="FileNotFoundException">The dictionary does not exist.</exception>
    /// <param name="path">The dictionary file.</param>
    /// <param name="extraWords">Words added to the decoder at load, beyond the file.</param>
    public static PronunciationDictionary Load(string path, IEnumerable<string>? extraWords = null)
    {
        var words = new HashSet<string>(extraWords ?? [], StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var end = line.IndexOfAny([' ', '\t', '(']);
            if (end > 0)
            {
                words.Add(line[..end]);
            }
        }

        return new PronunciationDictionary(words);
    }
}
