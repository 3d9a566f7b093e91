using CallCluster.Agent.TurnTaking;

namespace CallCluster.Agent.Tests.TurnTaking;

/// <summary>
/// A keypad entry ends at the key that completes the node's answer (the grain's <see cref="CallStarted.DigitsComplete"/>
/// and its kin), at the terminator, or after the inter-digit timeout; on a manual clock, so "at once" means no time passed.
/// </summary>
public sealed class KeyedEntryTests
{
    /// <summary>A menu whose choices are "1", "12" and "2": complete when the keys are a choice no longer choice begins with.</summary>
    private static readonly Predicate<string> Menu = Choices("1", "12", "2");

    /// <summary>A six-digit order number.</summary>
    private static readonly Predicate<string> OrderNumber = digits => digits.Length == 6 && digits.All(char.IsAsciiDigit);

    [Fact]
    public void A_one_key_choice_ends_the_turn_at_once()
    {
        using var harness = Listening(Menu);

        var key = harness.Send(new DtmfDigit(harness.Now, '2'));

        var decision = key.OfType<RunDecision>().Single();
        Assert.Equal(("2", string.Empty), (decision.Digits, decision.Transcript));
        Assert.Equal(TurnState.Thinking, harness.State);
    }

    [Fact]
    public void A_key_that_a_longer_choice_begins_with_waits_for_the_next_key()
    {
        using var harness = Listening(Menu);

        Assert.Empty(harness.Send(new DtmfDigit(harness.Now, '1')).OfType<RunDecision>());
        harness.AdvanceMs(1500);
        var second = harness.Send(new DtmfDigit(harness.Now, '2'));

        Assert.Equal("12", second.OfType<RunDecision>().Single().Digits);
    }

    [Fact]
    public void A_key_that_a_longer_choice_begins_with_ends_after_the_inter_digit_timeout_when_no_key_follows()
    {
        using var harness = Listening(Menu);
        harness.Send(new DtmfDigit(harness.Now, '1'));

        Assert.Empty(harness.Advance(harness.Options.DtmfInterDigitTimeout - TimeSpan.FromMilliseconds(1)).OfType<RunDecision>());
        Assert.Equal("1", harness.AdvanceMs(1).OfType<RunDecision>().Single().Digits);
    }

    [Fact]
    public void An_order_number_ends_at_its_last_key()
    {
        using var harness = Listening(OrderNumber);
        foreach (var key in "12345")
        {
            Assert.Empty(harness.Send(new DtmfDigit(harness.Now, key)).OfType<RunDecision>());
            harness.AdvanceMs(300);
        }

        var last = harness.Send(new DtmfDigit(harness.Now, '6'));

        Assert.Equal("123456", last.OfType<RunDecision>().Single().Digits);
    }

    [Fact]
    public void An_incomplete_entry_still_ends_after_the_inter_digit_timeout()
    {
        using var harness = Listening(OrderNumber);
        foreach (var key in "123")
        {
            harness.Send(new DtmfDigit(harness.Now, key));
        }

        Assert.Empty(harness.Advance(harness.Options.DtmfInterDigitTimeout - TimeSpan.FromMilliseconds(1)).OfType<RunDecision>());
        Assert.Equal("123", harness.AdvanceMs(1).OfType<RunDecision>().Single().Digits);
    }

    [Fact]
    public void The_terminator_after_a_complete_entry_neither_supersedes_the_decision_nor_cuts_the_answer()
    {
        using var harness = Listening(OrderNumber);
        foreach (var key in "123456")
        {
            harness.Send(new DtmfDigit(harness.Now, key));
        }

        // Callers told to end with '#' still do: the key arrives while the decision runs, or once the answer plays.
        Assert.Empty(harness.Send(new DtmfDigit(harness.Now, '#')));
        var answer = harness.Respond("Your order is on its way.");
        Assert.Empty(harness.Send(new DtmfDigit(harness.Now, '#')));

        Assert.Equal(TurnState.AgentSpeaking, harness.State);
        Assert.Equal(0, harness.Machine.Counters.BargeIns);
        Assert.Single(harness.Log.OfType<RunDecision>());
        Assert.DoesNotContain(harness.Log, c => c is CancelInFlight or ClearPlayout);
        harness.Send(new PlayoutFinished(harness.Now, answer.TurnId));
        Assert.Equal(TurnState.Listening, harness.State);
    }

    [Fact]
    public void A_lone_terminator_while_listening_is_no_turn()
    {
        using var harness = Listening(Menu);

        Assert.Empty(harness.Send(new DtmfDigit(harness.Now, '#')));
        Assert.Equal(TurnState.Listening, harness.State);
    }

    [Fact]
    public void A_key_that_cuts_the_agent_in_with_a_complete_answer_ends_the_turn_at_once()
    {
        using var harness = Listening(digitsComplete: null);
        harness.CallerSays("pay my bill");
        var decision = harness.Log.OfType<RunDecision>().Last();
        harness.Send(new DecisionCompleted(harness.Now, decision.TurnId));
        var speak = harness.Send(new ResponseReady(harness.Now, decision.TurnId, "Press 1 for card, 2 for bank transfer.", DigitsComplete: Choices("1", "2")))
            .OfType<Speak>().Single();

        var key = harness.Send(new DtmfDigit(harness.Now, '1'));

        Assert.Equal(new ClearPlayout(speak.TurnId), key[0]);
        Assert.Equal("1", key.OfType<RunDecision>().Single().Digits);
    }

    [Fact]
    public void The_next_node_s_keypad_grammar_replaces_the_last_one()
    {
        using var harness = Listening(Menu);
        harness.Send(new DtmfDigit(harness.Now, '2'));
        var answer = harness.Respond("Say your question.");
        harness.Send(new PlayoutFinished(harness.Now, answer.TurnId));

        // The new node gave no keypad grammar: '2' is not complete there, so the timeout ends it.
        Assert.Empty(harness.Send(new DtmfDigit(harness.Now, '2')).OfType<RunDecision>());
        Assert.Equal("2", harness.Advance(harness.Options.DtmfInterDigitTimeout).OfType<RunDecision>().Single().Digits);
    }

    [Fact]
    public void Resume_re_supplies_the_keypad_grammar()
    {
        using var harness = Listening(Menu);
        harness.RestoreFrom(harness.Log.OfType<Checkpoint>().Last().Snapshot);
        harness.Send(new Resume(harness.Now, AwaitReplay: true, DigitsComplete: Menu));

        Assert.Equal("2", harness.Send(new DtmfDigit(harness.Now, '2')).OfType<RunDecision>().Single().Digits);
    }

    private static TurnHarness Listening(Predicate<string>? digitsComplete)
    {
        var harness = new TurnHarness();
        var greeting = harness.Send(new CallStarted(harness.Now, "How can I help?", DigitsComplete: digitsComplete)).OfType<Speak>().Single();
        harness.Send(new PlayoutFinished(harness.Now, greeting.TurnId));
        Assert.Equal(TurnState.Listening, harness.State);
        return harness;
    }

    private static Predicate<string> Choices(params string[] choices) =>
        digits => choices.Contains(digits) && !choices.Any(c => c.Length > digits.Length && c.StartsWith(digits, StringComparison.Ordinal));
}
