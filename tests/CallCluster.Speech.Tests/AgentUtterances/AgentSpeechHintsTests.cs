using CallCluster.Speech.Abstractions;

namespace CallCluster.Speech.Tests.AgentUtterances;

/// <summary>The default agent's nodes give the recogniser the digit count and carrier phrases their slots imply.</summary>
public sealed class AgentSpeechHintsTests
{
    private readonly DefaultAgentUnderstanding _agent = new();

    [Theory]
    [InlineData("ask_order_number", "order number", 6)]
    [InlineData("refund_identity/ask_zip", "zip code", 5)]
    public void A_digit_slot_node_expects_exactly_its_length_and_the_slot_named_before_it(string node, string name, int length)
    {
        var hints = _agent.HintsAt(node);

        Assert.Equal((length, length), (hints.MinDigits, hints.MaxDigits));
        Assert.Contains(SlotKind.Digits, hints.Slots);
        Assert.Contains($"my {name} is {{digits}}", hints.Phrases);
        Assert.Contains("talk to someone", hints.Phrases); // the globals still fire here
    }

    [Theory]
    [InlineData("menu")]
    [InlineData("callback_ask_date")]
    public void A_node_without_digit_slots_has_no_digit_count_or_carriers(string node)
    {
        var hints = _agent.HintsAt(node);

        Assert.Null(hints.MinDigits);
        Assert.Null(hints.MaxDigits);
        Assert.DoesNotContain(hints.Phrases, p => p.Contains("{digits}", StringComparison.Ordinal));
    }
}
