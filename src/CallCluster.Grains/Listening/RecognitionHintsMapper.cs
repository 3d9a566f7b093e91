using CallCluster.Agent.Engine;
using CallCluster.Agent.Graph;
using AgentSlot = CallCluster.Agent.Graph.SlotKind;
using SpeechHints = CallCluster.Speech.Abstractions.RecognitionHints;
using SpeechSlot = CallCluster.Speech.Abstractions.SlotKind;

namespace CallCluster.Grains.Listening;

/// <summary>
/// The speech hints for the node a call waits at, asked before each turn: the engine's
/// <see cref="ConversationEngine.GetHints"/>, plus what the node's slot definitions say about the answer — the exact
/// digit count, and the carrier phrases callers put before a number ("my order number is …", "it's …"). Without
/// those a digit grammar hears "it's" as a digit and a six-digit number as five. It needs both Agent and Speech
/// types, and Speech must not reference Agent, so it lives here where both meet. Measured on the default agent's
/// utterances from audio in tests/CallCluster.Speech.Tests/AgentUtterances (docs/benchmarks-speech.md).
/// </summary>
public static class RecognitionHintsMapper
{
    public static SpeechHints For(ConversationEngine engine, ConversationState state)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(state);
        var hints = engine.GetHints(state);
        var digitSlots = engine.Graph.Nodes.TryGetValue(state.Node, out var node) && !state.Ended
            ? [.. engine.Graph.CandidateRoutes(node).SelectMany(r => r.Slots).Distinct(StringComparer.Ordinal)
                .Select(s => engine.Graph.Slots[s]).Where(s => s.Kind == AgentSlot.Digits)]
            : new List<SlotDefinition>();
        return new SpeechHints
        {
            Phrases = [.. hints.Phrases, .. digitSlots.SelectMany(CarrierPhrases).Distinct(StringComparer.Ordinal)],
            Slots = [.. hints.SlotKinds.Select(Map).Distinct()],
            MinDigits = digitSlots.Count > 0 && digitSlots.All(s => s.MinLength is not null) ? digitSlots.Min(s => s.MinLength) : null,
            MaxDigits = digitSlots.Count > 0 && digitSlots.All(s => s.MaxLength is not null) ? digitSlots.Max(s => s.MaxLength) : null,
        };
    }

    /// <summary>"my order number is {digits}", "the order number is {digits}", "it's {digits}" for slot order_number.</summary>
    private static IEnumerable<string> CarrierPhrases(SlotDefinition slot)
    {
        var name = slot.Name.Replace('_', ' ');
        return [$"my {name} is {{digits}}", $"the {name} is {{digits}}", "it's {digits}", "it is {digits}"];
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
