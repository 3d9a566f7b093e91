using CallCluster.Speech.Abstractions;
using CallCluster.Speech.Grammar;

namespace CallCluster.Speech.Tests.Audio;

/// <summary>
/// A customer-service agent's nodes with the hints each would give the recogniser, and what callers say at them.
/// Global phrases (a human, wrong number, opt-out) are hinted at every node, as the graph's global tools fire anywhere.
/// </summary>
public static class CustomerServiceCorpus
{
    public static readonly string[] GlobalPhrases =
    [
        "talk to a human", "speak to an agent", "i want to talk to a person", "wrong number", "stop calling me",
        "take me off your list", "goodbye",
    ];

    public static readonly IReadOnlyDictionary<string, RecognitionHints> Nodes = new Dictionary<string, RecognitionHints>(StringComparer.Ordinal)
    {
        ["intent"] = Hints(
            [
                "where is my order", "i want to check my order status", "i want a refund", "i want to cancel my order",
                "i want to change my address", "my package is damaged", "i never received my package", "i have a billing question",
            ]),
        ["order_number"] = Hints(
            ["my order number is {digits}", "the order number is {digits}", "it's {digits}", "order {digits}", "i don't have it", "i don't know"],
            SlotKind.Digits),
        ["confirm"] = Hints([], SlotKind.YesNo),
        ["callback"] = Hints(["call me back {date} at {time}", "call me back {date}", "{date} at {time}", "call me {date}"], SlotKind.Date, SlotKind.Time),
        ["quantity"] = Hints(["i need {number}", "{number} please"], SlotKind.Number),
        ["delivery"] = Hints(["{choice} please", "{choice} delivery"], SlotKind.Enumeration) with
        {
            Choices = ["standard", "express", "overnight", "pick up in store"],
        },
    };

    public static readonly UtteranceCase[] Utterances =
    [
        new("intent", "Where is my order?", "where is my order"),
        new("intent", "I want to check my order status.", "i want to check my order status"),
        new("intent", "I want a refund.", "i want a refund"),
        new("intent", "I want to cancel my order.", "i want to cancel my order"),
        new("intent", "I want to change my address.", "i want to change my address"),
        new("intent", "My package is damaged.", "my package is damaged"),
        new("intent", "I never received my package.", "i never received my package"),
        new("intent", "I have a billing question.", "i have a billing question"),
        new("intent", "Talk to a human.", "talk to a human"),
        new("intent", "Wrong number.", "wrong number"),
        new("intent", "Stop calling me.", "stop calling me"),
        new("intent", "Take me off your list.", "take me off your list"),
        new("intent", "I want to talk to a person.", "i want to talk to a person"),
        new("order_number", "My order number is four five one two.", "my order number is four five one two"),
        new("order_number", "My order number is seven oh three nine one.", "my order number is seven oh three nine one"),
        new("order_number", "The order number is one two three four five six.", "the order number is one two three four five six"),
        new("order_number", "It's eight eight zero two.", "it's eight eight zero two"),
        new("order_number", "Nine three one seven.", "nine three one seven"),
        new("order_number", "Order five five five two.", "order five five five two"),
        new("order_number", "I don't have it.", "i don't have it"),
        new("order_number", "Speak to an agent.", "speak to an agent"),
        new("order_number", "Goodbye.", "goodbye"),
        new("confirm", "Yes.", "yes"),
        new("confirm", "No.", "no"),
        new("confirm", "Yeah.", "yeah"),
        new("confirm", "Nope.", "nope"),
        new("confirm", "That's right.", "that's right"),
        new("confirm", "Not really.", "not really"),
        new("confirm", "Correct.", "correct"),
        new("confirm", "Stop calling me.", "stop calling me"),
        new("callback", "Call me back tomorrow at three thirty p m.", "call me back tomorrow at three thirty p m"),
        new("callback", "Next Monday at ten in the morning.", "next monday at ten in the morning"),
        new("callback", "Tomorrow at noon.", "tomorrow at noon"),
        new("callback", "On March third at two p m.", "on march third at two p m"),
        new("callback", "Friday afternoon.", "friday afternoon"),
        new("callback", "The day after tomorrow.", "the day after tomorrow"),
        new("callback", "At half past four.", "at half past four"),
        new("quantity", "Twenty five.", "twenty five"),
        new("quantity", "I need three.", "i need three"),
        new("quantity", "One hundred and twelve.", "one hundred and twelve"),
        new("quantity", "Two thousand and forty.", "two thousand and forty"),
        new("delivery", "Express.", "express"),
        new("delivery", "Standard, please.", "standard please"),
        new("delivery", "Overnight delivery.", "overnight delivery"),
        new("delivery", "Pick up in store.", "pick up in store"),
    ];

    /// <summary>
    /// True when <paramref name="actual"/> is the expected transcript, or carries the same slot value the node asks
    /// for ("yeah" for "yes" at a yes/no node; the same digit string at the order-number node).
    /// </summary>
    public static bool IsRecognised(UtteranceCase utterance, string actual)
    {
        if (string.Equals(actual, utterance.Expected, StringComparison.Ordinal))
        {
            return true;
        }

        return utterance.Node switch
        {
            "order_number" => SlotValues.ParseDigits(actual) is { } digits && digits == SlotValues.ParseDigits(utterance.Expected),
            "confirm" => SlotValues.ParseYesNo(actual) is { } yes && yes == SlotValues.ParseYesNo(utterance.Expected),
            "quantity" => SlotValues.ParseNumber(actual) is { } number && number == SlotValues.ParseNumber(utterance.Expected),
            _ => false,
        };
    }

    private static RecognitionHints Hints(string[] phrases, params SlotKind[] slots) =>
        new() { Phrases = [.. phrases, .. GlobalPhrases], Slots = slots };
}
