using CallCluster.Agent.Slots;

namespace CallCluster.Agent.Decisions;

/// <summary>What the caller said, normalized once per decision and shared by every candidate route.</summary>
internal sealed class SpokenInput
{
    public SpokenInput(string text)
    {
        Text = text;
        var tokens = TextNormalizer.Tokens(text);
        Padded = " " + string.Join(' ', tokens) + " ";
        ContentWords = FuzzyMatcher.ContentWords(tokens);
    }

    /// <summary>The transcript as given, for patterns and slot extraction.</summary>
    public string Text { get; }

    /// <summary>The tokens joined by single spaces with a space either side, so a keyword matches on word boundaries.</summary>
    public string Padded { get; }

    /// <summary>The tokens without stop words, for example matching.</summary>
    public List<string> ContentWords { get; }
}
