namespace CallCluster.Agent.Decisions;

/// <summary>What the caller gave this turn: words (from STT or typed) or keypad digits.</summary>
public sealed record DecisionInput(string? Text, string? Dtmf)
{
    public static DecisionInput Speech(string text) => new(text, null);

    public static DecisionInput Keypad(string digits) => new(null, digits);

    public override string ToString() => Text ?? $"DTMF {Dtmf}";
}
