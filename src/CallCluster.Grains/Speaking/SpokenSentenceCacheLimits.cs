namespace CallCluster.Grains.Speaking;

/// <summary>The bounds of <see cref="SpokenSentenceCache"/>, stated once.</summary>
public static class SpokenSentenceCacheLimits
{
    /// <summary>
    /// 256 sentences: a graph's fixed prompts and the machine's lines number in the tens; sentences that carry a
    /// caller's details (a name, an order number) come and go first in, first out.
    /// </summary>
    public const int MaxSentences = 256;

    /// <summary>10 s of audio (320 KB) per sentence at most: prompts are a few seconds; anything longer is not a prompt.</summary>
    public static readonly TimeSpan MaxSentenceDuration = TimeSpan.FromSeconds(10);
}
