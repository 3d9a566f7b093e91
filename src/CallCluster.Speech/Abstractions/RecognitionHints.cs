namespace CallCluster.Speech.Abstractions;

/// <summary>
/// What the caller is likely to say in this turn, taken from the current conversation node. Recognisers that
/// support grammars (pocketsphinx) compile these into one; cloud recognisers pass the phrases as a prompt.
/// </summary>
public sealed record RecognitionHints
{
    /// <summary>No expectations: free text.</summary>
    public static RecognitionHints None { get; } = new();

    /// <summary>Whole phrases the caller may say ("talk to a human", "i want a refund").</summary>
    public IReadOnlyList<string> Phrases { get; init; } = [];

    /// <summary>Slot kinds that may appear alone or after a carrier phrase ("my order number is" + digits).</summary>
    public IReadOnlyList<SlotKind> Slots { get; init; } = [];

    /// <summary>The values for <see cref="SlotKind.Enumeration"/> ("standard", "express").</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>True when no phrase, slot or choice is given: only free text can be recognised.</summary>
    public bool IsEmpty => Phrases.Count == 0 && Choices.Count == 0 && Slots.All(s => s == SlotKind.FreeText);
}
