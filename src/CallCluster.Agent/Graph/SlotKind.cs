namespace CallCluster.Agent.Graph;

/// <summary>The type of a slot, which decides how it is extracted from speech or DTMF.</summary>
public enum SlotKind
{
    Digits,
    Number,
    Date,
    Time,
    YesNo,
    Enumeration,
    Text,
}
