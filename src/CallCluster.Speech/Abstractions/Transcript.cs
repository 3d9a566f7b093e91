namespace CallCluster.Speech.Abstractions;

/// <summary>The final result of one utterance.</summary>
/// <param name="Text">The recognised words, lower case, separated by single spaces; empty when nothing was recognised.</param>
/// <param name="Confidence">Posterior probability in [0, 1] where the recogniser provides one, otherwise null.</param>
/// <param name="Words">Per-word timings relative to the start of the session's audio (empty when unknown).</param>
/// <param name="AudioDuration">How much audio the session received.</param>
public sealed record Transcript(string Text, double? Confidence, IReadOnlyList<WordTiming> Words, TimeSpan AudioDuration)
{
    /// <summary>True when nothing was recognised.</summary>
    public bool IsEmpty => Text.Length == 0;
}
