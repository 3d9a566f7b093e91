namespace CallCluster.Speech.Abstractions;

/// <summary>One recognised word and where it lies in the utterance's audio.</summary>
public readonly record struct WordTiming(string Word, TimeSpan Start, TimeSpan End);
