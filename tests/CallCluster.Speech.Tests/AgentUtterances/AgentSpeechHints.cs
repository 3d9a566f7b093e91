using AgentHints = CallCluster.Agent.Engine.RecognitionHints;
using AgentSlot = CallCluster.Agent.Graph.SlotKind;
using SpeechHints = CallCluster.Speech.Abstractions.RecognitionHints;
using SpeechSlot = CallCluster.Speech.Abstractions.SlotKind;

namespace CallCluster.Speech.Tests.AgentUtterances;

/// <summary>
/// The engine's hints for a node turned into the speech layer's, as the call grain does before each turn. It needs
/// both Agent and Speech types, and Speech must not reference Agent, so it lives with its users.
/// </summary>
public static class AgentSpeechHints
{
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
