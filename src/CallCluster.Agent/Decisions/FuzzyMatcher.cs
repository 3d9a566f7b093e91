using CallCluster.Agent.Slots;

namespace CallCluster.Agent.Decisions;

/// <summary>
/// How well an utterance covers an example phrase: the share of the example's content words found in the
/// utterance, where a word matches with a small typo (edit distance 1 from 4 letters, 2 from 8) because
/// speech recognisers mishear endings.
/// </summary>
public static class FuzzyMatcher
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "i", "i'd", "i'm", "me", "my", "to", "is", "it", "of", "for", "please", "can", "could", "you", "would", "like",
        "want", "do", "and", "on", "in", "with", "this", "that", "be", "am", "are", "just", "so", "um", "uh", "hi", "hello",
    };

    public static double Similarity(IReadOnlyList<string> utterance, string example)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        return Coverage(ContentWords(utterance), ContentWords(TextNormalizer.Tokens(example ?? string.Empty)));
    }

    /// <summary>
    /// <see cref="Similarity"/> on words already reduced with <see cref="ContentWords"/>, for callers that prepare the
    /// example once and compare it with many utterances.
    /// </summary>
    public static double Coverage(IReadOnlyList<string> saidContentWords, IReadOnlyList<string> wantedContentWords)
    {
        ArgumentNullException.ThrowIfNull(saidContentWords);
        ArgumentNullException.ThrowIfNull(wantedContentWords);
        if (wantedContentWords.Count == 0)
        {
            return 0;
        }

        var found = 0;
        foreach (var wanted in wantedContentWords)
        {
            foreach (var said in saidContentWords)
            {
                if (Close(said, wanted))
                {
                    found++;
                    break;
                }
            }
        }

        return (double)found / wantedContentWords.Count;
    }

    public static List<string> ContentWords(IEnumerable<string> tokens) => tokens.Where(t => !StopWords.Contains(t)).ToList();

    private static bool Close(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return true;
        }

        var shorter = Math.Min(a.Length, b.Length);
        var allowed = shorter >= 8 ? 2 : shorter >= 4 ? 1 : 0;
        return allowed > 0 && Math.Abs(a.Length - b.Length) <= allowed && Distance(a, b) <= allowed;
    }

    private static int Distance(string a, string b)
    {
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            current.CopyTo(previous);
        }

        return previous[b.Length];
    }
}
