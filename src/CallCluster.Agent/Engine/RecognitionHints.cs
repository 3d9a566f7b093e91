using CallCluster.Agent.Graph;

namespace CallCluster.Agent.Engine;

/// <summary>
/// What the speech layer should listen for at a node: phrases (route examples and keywords, enumeration
/// values) to bias or compile into a grammar, the slot kinds expected, and whether keypad entry makes sense.
/// </summary>
public sealed record RecognitionHints(IReadOnlyList<string> Phrases, IReadOnlyList<SlotKind> SlotKinds, bool AcceptsDtmf, int? MaxDigits);
