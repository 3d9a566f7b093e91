namespace CallCluster.Speech.Grammar;

/// <summary>A JSGF grammar compiled from recognition hints.</summary>
/// <param name="Jsgf">The grammar text; its public rule is <c>&lt;utterance&gt;</c>.</param>
/// <param name="Key">A short stable hash of <paramref name="Jsgf"/>, used to cache compiled searches per decoder.</param>
/// <param name="RejectedPhrases">Phrases left out because a word is not in the pronunciation dictionary.</param>
public sealed record CompiledGrammar(string Jsgf, string Key, IReadOnlyList<string> RejectedPhrases);
