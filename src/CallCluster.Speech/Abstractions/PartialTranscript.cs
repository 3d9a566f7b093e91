namespace CallCluster.Speech.Abstractions;

/// <summary>The recogniser's current best guess while the caller is still speaking; it may still change.</summary>
/// <param name="Text">The hypothesis so far, lower case, words separated by single spaces.</param>
/// <param name="AudioPosition">How much audio had been processed when this guess was made.</param>
/// <param name="InSpeech">Whether the recogniser's own voice detector heard speech at that point (a second opinion for endpointing).</param>
public readonly record struct PartialTranscript(string Text, TimeSpan AudioPosition, bool InSpeech);
