namespace CallCluster.Grains.Speaking;

/// <summary>
/// Splits a line into sentences for synthesis, each with the offset in the line where it ends: the grain places a
/// playout mark there, so a barge-in knows which sentences the caller heard.
/// </summary>
public static class SentenceSplitter
{
    /// <summary>The sentences of <paramref name="text"/> and the offset just past each.</summary>
    public static IReadOnlyList<(string Sentence, int End)> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<(string, int)>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var atBoundary = text[i] is '.' or '?' or '!' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]));
            if (atBoundary)
            {
                Add(start, i + 1);
                start = i + 1;
            }
        }

        Add(start, text.Length);
        return result;

        void Add(int from, int to)
        {
            var sentence = text[from..to].Trim();
            if (sentence.Length > 0)
            {
                result.Add((sentence, to));
            }
        }
    }
}
