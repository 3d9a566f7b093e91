using CallCluster.Speech.Abstractions;

namespace CallCluster.Speech.Benchmarks;

/// <summary>What the benchmark says and recognises: agent prompts for TTS, caller answers with their node's hints for STT.</summary>
internal static class Workload
{
    private static readonly string[] Global = ["talk to a human", "wrong number", "stop calling me"];

    public static readonly RecognitionHints Intent = new()
    {
        Phrases = ["where is my order", "i want a refund", "i want to cancel my order", "my package is damaged", .. Global],
    };

    public static readonly RecognitionHints OrderNumber = new()
    {
        Phrases = ["my order number is {digits}", "i don't have it", .. Global],
        Slots = [SlotKind.Digits],
    };

    public static readonly RecognitionHints Confirm = new() { Phrases = Global, Slots = [SlotKind.YesNo] };

    public static readonly (string Text, RecognitionHints Hints)[] CallerUtterances =
    [
        ("Where is my order?", Intent),
        ("I want a refund.", Intent),
        ("My package is damaged.", Intent),
        ("Talk to a human.", Intent),
        ("My order number is four five one two.", OrderNumber),
        ("My order number is seven oh three nine one.", OrderNumber),
        ("I don't have it.", OrderNumber),
        ("Yes.", Confirm),
        ("No.", Confirm),
        ("Stop calling me.", Confirm),
    ];

    public static readonly string[] AgentPrompts =
    [
        "Thanks for calling. How can I help you today?",
        "Sure. What is your order number?",
        "Thank you. Your order four five one two shipped yesterday and should arrive on Thursday.",
        "I can help with a refund. Was the package damaged when it arrived?",
        "I am sorry to hear that. I will connect you with a member of our team now. Please hold.",
        "Is there anything else I can help you with?",
    ];
}
