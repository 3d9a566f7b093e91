using CallCluster.Speech.Abstractions;

namespace CallCluster.Speech.Tests.Audio;

/// <summary>A caller utterance, the node it is said at, and what must be recognised.</summary>
/// <param name="Node">Which customer-service node's hints apply.</param>
/// <param name="Spoken">The text the synthetic caller speaks.</param>
/// <param name="Expected">The exact transcript expected.</param>
public sealed record UtteranceCase(string Node, string Spoken, string Expected)
{
    public override string ToString() => $"[{Node}] {Spoken}";
}
