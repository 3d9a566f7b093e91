using AgentHints = CallCluster.Agent.Engine.RecognitionHints;
using AgentSlot = CallCluster.Agent.Graph.SlotKind;
using SpeechHints = CallCluster.Speech.Abstractions.RecognitionHints;
using SpeechSlot = CallCluster.Speech.Abstractions.SlotKind;

namespace CallCluster.Grains.Listening;

/// <summary>Turns the engine's hints for the current node into the speech layer's (the grammar for the next turn).</summary>
public static class RecognitionHintsMapper
{
    /// <summary>Maps phrases and slot kinds; free text becomes the speech layer's free text.</summary>
    public static SpeechHints ToSpeech(AgentHints hints)
    {
        ArgumentNullException.ThrowIfNull(hints);
        return new SpeechHints
        {
            Phrases = hints.Phrases,
            Slots = [.. hints.SlotKinds.Select(Map).Distinct()],
        };
    }

    private static SpeechSlot Map(AgentSlot kind) => kind switch
    {
        AgentSlot.Digits => SpeechSlot.Digits,
        AgentSlot.Number => SpeechSlot.Number,
        AgentSlot.Date => SpeechSlot.Date,
        AgentSlot.Time => SpeechSlot.Time,
        AgentSlot.YesNo => SpeechSlot.YesNo,
        AgentSlot.Enumeration => SpeechSlot.Enumeration,
        _ => SpeechSlot.FreeText,
    };
}
