using CallCluster.Load.Calls;
using CallCluster.Load.Calls.Reporting;
using CallCluster.Speech.Abstractions;
using CallCluster.Testing;

namespace CallCluster.EndToEnd.Tests.AgentPaths;

/// <summary>
/// Issue 5's paths through the default agent, each a real SIP call to the embedded stack: G.722 RTP, the caller's lines
/// synthesized by espeak-ng and recognised by the agent's pocketsphinx, the agent's speech recognised again on the
/// caller's side. Each test asserts on both sides: the caller's report and the agent's evidence package (and the
/// sandbox store where the agent writes). Order 123456 and zip 94107 are the sandbox fixtures' first customer.
/// </summary>
[Trait("Category", TestCategories.EndToEnd)]
[Trait("Category", TestCategories.Audio)]
[Collection(AgentPathsCollection.Name)]
public sealed class AgentPathTests(AgentPathsFixture stack, ITestOutputHelper output) : IClassFixture<AgentPathsFixture>
{
    private const string OrderNumber = "123456";
    private const string SpokenOrderNumber = "one two three four five six";
    private const string Zip = "94107";

    /// <summary>The menu's (and "anything else"'s) key for a return or refund.</summary>
    private const string RefundKey = "2";

    /// <summary>The refund confirmation's key for "yes, go ahead".</summary>
    private const string ConfirmKey = "1";

    /// <summary>The greeting node's line: the agent's first turn starts with it.</summary>
    private const string Greeting = "Thanks for calling Acme Store support. This call may be recorded for quality and training.";

    /// <summary>The menu's reprompt line, which the agent says when the caller is silent.</summary>
    private const string MenuReprompt = "Which would you like?";

    /// <summary>Room for the agent's goodbye and its hang-up after the caller's last line: the agent ends the call, so the
    /// evidence records the graph's disposition rather than a caller hang-up racing the goodbye.</summary>
    private static readonly CallerTurn AgentHangsUp = CallerTurn.SilenceFor(TimeSpan.FromSeconds(20));

    /// <summary>The bound on the platform's part of a barge-in: the agent's audio stops within 200 ms.</summary>
    private static readonly TimeSpan ClearBound = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan FrameDuration = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task Order_status_by_voice_tells_the_caller_the_orders_status()
    {
        var order = AgentPathsFixture.Fixtures.Orders.Single(o => o.Number == OrderNumber);
        var call = await PlaceAsync(
            [CallerTurn.Say("order status"), CallerTurn.Say(SpokenOrderNumber), CallerTurn.Say("that's all"), AgentHangsUp],
            new RecognitionHints { Phrases = StatusAnswers() });

        call.Verify(c =>
        {
            Assert.Equal("resolved", c.Evidence.Disposition);
            var lookup = Assert.Single(c.Evidence.ToolCalls, t => t.Tool == "lookup_order");
            Assert.Equal("ok", lookup.Outcome);
            Assert.Contains(c.AgentLines, l => l.Text.Contains(order.Status, StringComparison.Ordinal)
                && l.Text.Contains(order.Eta, StringComparison.Ordinal) && l.Text.Contains(order.Item, StringComparison.Ordinal));
            Assert.Equal(CallDisposition.AgentHungUp, c.Report.Disposition);
            // The caller's recogniser chose among the status lines of every fixture order: it heard this order's.
            var heard = c.CallerHeard;
            Assert.Contains(order.Status, heard, StringComparison.OrdinalIgnoreCase);
            Assert.All(
                AgentPathsFixture.Fixtures.Orders.Where(o => o.Status != order.Status),
                other => Assert.DoesNotContain(other.Status, heard, StringComparison.OrdinalIgnoreCase));
        });
    }

    /// <remarks>
    /// The caller's choices and numbers go in on the keypad (the menu's "2", the order number, the zip, "1" to confirm)
    /// and only its last line is spoken: with nine caller turns, speech made the call hinge on the agent's recogniser
    /// nine times, and on a loaded machine it sometimes hears a line as nothing or as another phrase of the menu's
    /// grammar (the agent then repeats its question or takes another path, and the script runs out of step). The
    /// spoken paths have their own tests; this one is about the single refund row.
    /// </remarks>
    [Fact]
    public async Task Refund_with_identity_check_writes_one_refund_even_when_the_caller_asks_again()
    {
        var call = await PlaceAsync(
            [
                CallerTurn.Dtmf(RefundKey), CallerTurn.Dtmf(OrderNumber), CallerTurn.Dtmf(Zip), CallerTurn.Dtmf(ConfirmKey),
                // The refund is done; the caller asks for it again, all the way to its confirmation.
                CallerTurn.Dtmf(RefundKey), CallerTurn.Dtmf(OrderNumber), CallerTurn.Dtmf(Zip), CallerTurn.Dtmf(ConfirmKey),
                CallerTurn.Say("that's all"), AgentHangsUp,
            ],
            maxCallDuration: TimeSpan.FromMinutes(4));
        var refunds = await stack.Store.RefundsAsync(call.Report.CallId, TestContext.Current.CancellationToken);

        call.Verify(c =>
        {
            Assert.Equal("resolved", c.Evidence.Disposition);
            var refund = Assert.Single(refunds);
            Assert.Equal(OrderNumber, refund.OrderNumber);
            Assert.All(c.Evidence.ToolCalls.Where(t => t.Tool == "verify_identity"), t => Assert.Equal("ok", t.Outcome));
            var writes = c.Evidence.ToolCalls.Where(t => t.Tool == "create_refund").ToList();
            Assert.Equal(2, writes.Count);
            Assert.Equal(("ok", false), (writes[0].Outcome, writes[0].Replayed));
            // The second request never reached the store: the call's idempotency ledger answered it with the first result.
            Assert.True(writes[1].Replayed, "the second create_refund was replayed from the idempotency ledger");
            Assert.Equal(writes[0].Result, writes[1].Result);
            // The evidence redacts the refund's digits; its final record state names the one refund the store holds.
            var recorded = Assert.Single(c.Evidence.FinalRecords.Keys, k => k.StartsWith("sandbox.refund.", StringComparison.Ordinal));
            Assert.Equal("sandbox.refund." + refund.Id, recorded);
        });
    }

    /// <remarks>
    /// The caller's SIP leg answers the edge's REFER (202) but does not report it in its <see cref="CallReport"/>, so the
    /// transfer is checked on the agent's side: the graph's disposition, the ticket for the colleague, and no failed
    /// transfer in the evidence (a refused REFER or an unresolvable target records a "transfer" error and
    /// <c>transfer_failed</c>).
    /// </remarks>
    [Fact]
    public async Task Asking_for_a_human_transfers_the_call_to_the_support_desk()
    {
        var call = await PlaceAsync([CallerTurn.Say("let me talk to a real person"), AgentHangsUp]);

        call.Verify(c =>
        {
            Assert.Equal("transferred_to_human", c.Evidence.Disposition);
            Assert.Contains(c.Evidence.ToolCalls, t => t.Tool == "create_ticket" && t.Outcome == "ok");
            Assert.DoesNotContain(c.Evidence.Errors, e => e.Stage == "transfer");

            // The edge's REFER reached the caller's phone, which reported the transfer done (sipfrag NOTIFY 200).
            Assert.Equal(AgentPathsFixture.SupportDesk, c.Report.TransferredTo);
            Assert.NotEqual(CallDisposition.TimedOut, c.Report.Disposition);
        });
    }

    [Fact]
    public async Task A_wrong_number_gets_a_goodbye_and_the_agent_hangs_up()
    {
        var call = await PlaceAsync([CallerTurn.Say("I dialed the wrong number"), AgentHangsUp]);

        call.Verify(c =>
        {
            Assert.Equal("wrong_number", c.Evidence.Disposition);
            Assert.Equal(CallDisposition.AgentHungUp, c.Report.Disposition);
            Assert.Empty(c.Evidence.ToolCalls);
        });
    }

    /// <summary>
    /// The caller speaks over the greeting. "Playout cleared" is measured on one clock in this process, from real
    /// timestamps: it starts when the call grain decided the barge-in (its turn-taking machine emits ClearPlayout and
    /// commits the interrupted agent turn in the same step; the evidence records that moment on the interrupted
    /// transcript line) and ends when the agent's edge put its last audible agent frame on the line (the end of that
    /// 20 ms frame, seen by an audio tap on the edge's playout) before the caller's line was over (the agent's next
    /// answer cannot start before that). The caller's own jitter buffer and network are after that point, and the VAD's
    /// minimum barge-in duration and the recogniser's first words are before the decision: neither counts as clear
    /// time. Bound: the 200 ms.
    /// </summary>
    [Fact]
    public async Task Speaking_over_the_greeting_clears_playout_within_200_ms_and_the_transcript_keeps_only_what_was_heard()
    {
        // About 2.5 s in, the first sentence of the greeting has been played and the second is under way.
        var call = await PlaceAsync([CallerTurn.Say("sorry I think I dialed the wrong number", TimeSpan.FromMilliseconds(2500)), AgentHangsUp]);
        var frames = stack.AgentAudio.AudibleFramesSent(call.Report.CallId);

        call.Verify(c =>
        {
            Assert.True(c.Evidence.Counters["barge_ins"] >= 1, "the agent counted a barge-in");
            var interrupted = Assert.Single(c.AgentLines, l => l.Interrupted);
            Assert.Same(c.AgentLines[0], interrupted);
            Assert.True(interrupted.Text.Length > 0 && interrupted.Text.Length < Greeting.Length, $"the interrupted turn holds part of the greeting, not '{interrupted.Text}'");
            Assert.StartsWith(interrupted.Text.TrimEnd(), Greeting, StringComparison.Ordinal);

            var decided = interrupted.At;
            var callerLineEnded = c.CallerLines.LineEndedAt(1) ?? throw new Xunit.Sdk.XunitException("the caller's barge-in line never finished playing");
            Assert.True(decided < callerLineEnded, $"the barge-in was decided at {decided:HH:mm:ss.fff}, after the caller's line ended at {callerLineEnded:HH:mm:ss.fff}");
            var lastBefore = frames.LastOrDefault(f => f < decided);
            Assert.True(decided - lastBefore < TimeSpan.FromSeconds(1), $"the agent was speaking when the barge-in was decided (its last audio before was at {lastBefore:HH:mm:ss.fff})");
            var lastAfter = frames.Where(f => f >= decided && f < callerLineEnded).Select(f => (DateTimeOffset?)f).LastOrDefault();
            var clear = lastAfter is { } last ? last + FrameDuration - decided : TimeSpan.Zero;
            output.WriteLine($"barge-in decided {decided:HH:mm:ss.fff}; last audible agent frame before it {lastBefore:HH:mm:ss.fff}, after it {lastAfter:HH:mm:ss.fff}; clear {clear.TotalMilliseconds:0} ms");
            Assert.True(clear <= ClearBound, $"the agent's audio went on {clear.TotalMilliseconds:0} ms after the barge-in was decided (bound {ClearBound.TotalMilliseconds:0} ms)");
        });
    }

    [Fact]
    public async Task Silence_gets_reprompts_then_a_goodbye_and_the_agent_hangs_up()
    {
        var call = await PlaceAsync([AgentHangsUp, AgentHangsUp, AgentHangsUp, AgentHangsUp]);

        call.Verify(c =>
        {
            Assert.Equal("no_input", c.Evidence.Disposition);
            Assert.Equal(CallDisposition.AgentHungUp, c.Report.Disposition);
            // The graph's own no-input handling: the menu's reprompt line max_retries (2) times, then its goodbye node.
            Assert.Equal(2, c.Evidence.Counters["reprompts"]);
            Assert.Equal(4, c.AgentLines.Count);
            Assert.All(c.AgentLines.Skip(1).Take(2), l => Assert.EndsWith(MenuReprompt, l.Text, StringComparison.Ordinal));
            Assert.StartsWith("I haven't heard anything", c.AgentLines[^1].Text, StringComparison.Ordinal);
            Assert.DoesNotContain(c.Evidence.Transcript, l => l.Speaker != "agent");
            // The caller heard the agent four times: the greeting, two reprompts and the goodbye.
            Assert.NotNull(c.Report.Greeting);
            Assert.All(c.Report.Turns.Take(3), t => Assert.NotNull(t.Response));
        });
    }

    [Fact]
    public async Task An_order_number_entered_on_the_keypad_fills_the_digit_slot()
    {
        var order = AgentPathsFixture.Fixtures.Orders.Single(o => o.Number == OrderNumber);
        var call = await PlaceAsync([CallerTurn.Dtmf("1"), CallerTurn.Dtmf(OrderNumber), CallerTurn.Say("that's all"), AgentHangsUp]);

        call.Verify(c =>
        {
            Assert.Equal("resolved", c.Evidence.Disposition);
            // The question for the order number, then keys (no speech) and straight to the order's status: the digits filled the slot.
            var transcript = c.Evidence.Transcript;
            var asked = transcript.ToList().FindIndex(l => l.Speaker == "agent" && l.Text.Contains("six-digit order number", StringComparison.Ordinal));
            Assert.InRange(asked, 0, transcript.Count - 3);
            Assert.Equal("keypad", transcript[asked + 1].Speaker);
            Assert.Equal("agent", transcript[asked + 2].Speaker);
            Assert.Contains(order.Status, transcript[asked + 2].Text, StringComparison.Ordinal);
            Assert.True(c.Evidence.FinalRecords.ContainsKey("slot.order_number"), "the order number slot is in the final record state");
            var lookup = Assert.Single(c.Evidence.ToolCalls, t => t.Tool == "lookup_order");
            Assert.Equal("ok", lookup.Outcome);
        });
    }

    private async Task<PathCall> PlaceAsync(IEnumerable<CallerTurn> turns, RecognitionHints? hints = null, TimeSpan? maxCallDuration = null)
    {
        var call = await stack.PlaceAsync(new CallScript(turns), hints, maxCallDuration);
        output.WriteLine(call.Describe());
        return call;
    }

    /// <summary>The agent's status line for every fixture order, so the caller's recogniser must tell them apart.</summary>
    private static string[] StatusAnswers() =>
    [
        .. AgentPathsFixture.Fixtures.Orders.Select(o => $"Your order {o.Number}, the {o.Item}, is {o.Status}, {o.Eta}. Is there anything else I can help with?"),
        Greeting + " How can I help? I can check an order's status, start a return or refund, or book a callback.",
        "Sure. What's your six-digit order number? You can say it or type it on your keypad.",
        "Thanks for calling Acme Store. Goodbye!",
    ];
}
