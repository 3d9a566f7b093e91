namespace CallCluster.Speech.Abstractions;

/// <summary>What kind of answer the current node expects; each kind compiles to a grammar rule.</summary>
public enum SlotKind
{
    /// <summary>A sequence of single digits, as in order and account numbers ("four five one two", "oh").</summary>
    Digits,

    /// <summary>A cardinal number from zero to 9 999 ("twenty five", "one hundred and two").</summary>
    Number,

    /// <summary>An agreement or refusal ("yes", "yeah", "no", "nope").</summary>
    YesNo,

    /// <summary>A day ("tomorrow", "next monday", "march third").</summary>
    Date,

    /// <summary>A clock time ("three thirty p m", "ten in the morning", "noon").</summary>
    Time,

    /// <summary>One of <see cref="RecognitionHints.Choices"/>.</summary>
    Enumeration,

    /// <summary>Anything: recognised with the free language model, which is far less accurate than a grammar.</summary>
    FreeText,
}
