using CallCluster.Grains.Evidence;
using CallCluster.Grains.Tests.Support;
using CallCluster.Testing;

namespace CallCluster.Grains.Tests.Calls;

/// <summary>The call's edge cases end to end: a human, a wrong number, barge-in, silence, keypad entry.</summary>
[Trait("Category", TestCategories.EndToEnd)]
public sealed class CallGrainEdgeCaseTests
{
    [Fact]
    public async Task Asking_for_a_human_opens_a_ticket_and_transfers_the_caller()
    {
        await using var harness = await CallHarness.StartAsync();
        var (_, caller) = await harness.CallAsync("human-1");
        await using var _caller = caller;

        await harness.SayAfterAgentAsync(caller, 1, "let me talk to a real person");
        await Eventually.TrueAsync(() => caller.Events.Contains("transfer support"), CallHarness.Patience, "the edge was asked to transfer to the support queue");

        var evidence = await harness.ReadEvidenceAsync("human-1");
        Assert.Equal("transferred_to_human", evidence.Disposition);
        Assert.Equal("ok", Assert.Single(evidence.ToolCalls, t => t.Tool == "create_ticket").Outcome);
        Assert.Contains(evidence.Transcript, l => l.Speaker == "agent" && l.Text.Contains("Please hold", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_transfer_the_line_refuses_is_explained_to_the_caller_and_the_call_goes_on()
    {
        await using var harness = await CallHarness.StartAsync();
        var (_, caller) = await harness.CallAsync("human-refused-1");
        await using var _caller = caller;
        caller.RefuseTransfers = true;

        await harness.SayAfterAgentAsync(caller, 1, "let me talk to a real person");
        await Eventually.TrueAsync(() => caller.Events.Contains("transfer support"), CallHarness.Patience, "the edge was asked to transfer to the support queue");
        // The caller says nothing more: the agent explains, re-prompts and ends the call politely instead of leaving a dead line.
        await harness.WaitForHangUpAsync(caller);

        var evidence = await harness.ReadEvidenceAsync("human-refused-1");
        Assert.Equal("transfer_failed", evidence.Disposition);
        Assert.Contains(evidence.Errors, e => e.Stage == "transfer");
        Assert.Contains(evidence.Transcript, l => l.Speaker == "agent" && l.Text.Contains("couldn't reach anyone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_number_gets_a_goodbye_and_a_hang_up()
    {
        await using var harness = await CallHarness.StartAsync();
        var (_, caller) = await harness.CallAsync("wrong-1");
        await using var _caller = caller;

        await harness.SayAfterAgentAsync(caller, 1, "I meant to call someone else");
        await harness.WaitForHangUpAsync(caller);

        var evidence = await harness.ReadEvidenceAsync("wrong-1");
        Assert.Equal("wrong_number", evidence.Disposition);
        Assert.Empty(evidence.ToolCalls);
        Assert.Contains(evidence.Transcript, l => l.Speaker == "agent" && l.Text.Contains("Goodbye", StringComparison.Ordinal));

        // What the caller heard last, recognised by pocketsphinx among the lines the agent could have said.
        const string Goodbye = "No problem, you've reached Acme Store support. Have a good day. Goodbye!";
        var heard = await harness.RecognizeAsync(
            caller.AgentTurnAudio[^1],
            Goodbye,
            "Sorry, I can't help with that.",
            "Thanks for calling Acme Store. Goodbye!",
            "I haven't heard anything, so I'll end the call now. Please call back any time. Goodbye.");
        Assert.Equal("no problem you've reached acme store support have a good day goodbye", heard);
    }

    [Fact]
    public async Task Speaking_over_the_greeting_clears_playout_and_the_transcript_keeps_only_what_was_heard()
    {
        await using var harness = await CallHarness.StartAsync();
        var (_, caller) = await harness.CallAsync("barge-1");
        await using var _caller = caller;

        // Three seconds into the greeting (its first sentence played), the caller talks over it.
        await Eventually.TrueAsync(() => caller.AgentFrames >= 150, CallHarness.Patience, "three seconds of greeting were played");
        await caller.SayAsync(await harness.SpeechAsync("I meant to call someone else")).WaitAsync(CallHarness.Patience);
        await harness.WaitForHangUpAsync(caller);

        Assert.Contains("clear", caller.Events);
        var evidence = await harness.ReadEvidenceAsync("barge-1");
        Assert.Equal(1, evidence.Counters["barge_ins"]);
        Assert.Equal("wrong_number", evidence.Disposition);
        var greeting = evidence.Transcript[0];
        Assert.Equal("agent", greeting.Speaker);
        Assert.True(greeting.Interrupted);
        Assert.StartsWith("Thanks for calling Acme Store support.", greeting.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("book a callback", greeting.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silence_gets_reprompts_then_a_goodbye()
    {
        await using var harness = await CallHarness.StartAsync(o => o.TurnTaking.NoInputTimeout = TimeSpan.FromSeconds(2));
        var (_, caller) = await harness.CallAsync("silence-1");
        await using var _caller = caller;

        await harness.WaitForHangUpAsync(caller);

        // The agent's graph answers the silence: its menu reprompt twice (max_retries), then its no-input goodbye.
        var evidence = await harness.ReadEvidenceAsync("silence-1");
        Assert.Equal("no_input", evidence.Disposition);
        Assert.Equal(2, evidence.Counters["reprompts"]);
        Assert.Equal(2, evidence.Transcript.Count(l => l.Text.StartsWith("I can check an order's status", StringComparison.Ordinal)));
        Assert.Contains("I'll end the call now", evidence.Transcript[^1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(evidence.Transcript, l => l.Speaker == "caller");
    }

    [Fact]
    public async Task Order_number_by_keypad()
    {
        await using var harness = await CallHarness.StartAsync();
        var (call, caller) = await harness.CallAsync("dtmf-1");
        await using var _caller = caller;

        await caller.WaitForAgentTurnsAsync(1, CallHarness.Patience);
        call.PostDtmf('1');
        await caller.WaitForAgentTurnsAsync(2, CallHarness.Patience);
        foreach (var key in "123456#")
        {
            call.PostDtmf(key);
        }

        await harness.SayAfterAgentAsync(caller, 3, "that's all");
        await harness.WaitForHangUpAsync(caller);

        var evidence = await harness.ReadEvidenceAsync("dtmf-1");
        Assert.Equal("resolved", evidence.Disposition);
        Assert.Equal("ok", Assert.Single(evidence.ToolCalls, t => t.Tool == "lookup_order").Outcome);
        Assert.Contains(evidence.Transcript, l => l.Speaker == "keypad");
        Assert.Contains(evidence.Transcript, l => l.Speaker == "agent" && l.Text.Contains("blue running shoes", StringComparison.Ordinal));
    }

    /// <remarks>
    /// The inter-digit timeout is far beyond the test's patience, so only the keys themselves can end these entries: the
    /// menu's "1" (no longer key begins with it) and the sixth digit of the order number, with no '#'.
    /// </remarks>
    [Fact]
    public async Task Keyed_answers_end_at_the_key_that_completes_them()
    {
        await using var harness = await CallHarness.StartAsync(o => o.TurnTaking.DtmfInterDigitTimeout = TimeSpan.FromHours(1));
        var (_, caller) = await harness.CallAsync("dtmf-early-1");
        await using var _caller = caller;

        await CallHarness.TypeAfterAgentAsync(caller, 1, "1");
        await CallHarness.TypeAfterAgentAsync(caller, 2, "123456");
        await harness.SayAfterAgentAsync(caller, 3, "that's all");
        await harness.WaitForHangUpAsync(caller);

        var evidence = await harness.ReadEvidenceAsync("dtmf-early-1");
        Assert.Equal("resolved", evidence.Disposition);
        // Two keyed turns (the order number redacted in the evidence), and the lookup found the order: all six digits made the turn.
        Assert.Equal(["1", "[redacted]"], evidence.Transcript.Where(l => l.Speaker == "keypad").Select(l => l.Text));
        Assert.Equal("ok", Assert.Single(evidence.ToolCalls, t => t.Tool == "lookup_order").Outcome);
    }
}
