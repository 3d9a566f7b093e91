using CallCluster.Agent.Engine;
using CallCluster.Agent.Graph;
using CallCluster.Agent.Simulation;
using CallCluster.Testing;

namespace CallCluster.Agent.Tests.Engine;

/// <summary>Every path of agents/customer-service.yaml, driven as the call grain drives it, against the in-memory sandbox.</summary>
public sealed class DefaultAgentTests
{
    private const string Caller = "+15550100";
    private static readonly AgentGraph Graph = AgentConfigLoader.LoadFile(RepoPaths.DefaultAgent);

    // Monday 5 January 2026, 10:00 UTC.
    private readonly SandboxAgent _agent = SandboxAgent.Create(Graph, new ManualTimeProvider(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero)));
    private readonly ConversationState _state = ConversationState.Create("call-1", Caller, runId: "run-1");

    private ConversationEngine Engine => _agent.Engine;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<AgentTurn> SayAsync(string text) => await Engine.HandleUtteranceAsync(_state, text, Token);

    [Fact]
    public async Task Greeting_has_the_recording_consent_line_and_waits_at_the_menu()
    {
        var turn = await Engine.StartAsync(_state, Token);

        Assert.Contains("may be recorded", turn.Response, StringComparison.Ordinal);
        Assert.Equal(["greeting", "menu"], turn.Path);
        Assert.Equal("menu", _state.Node);
        Assert.Equal(Graph.Version, _state.AgentVersion);
        Assert.False(turn.Ended);
    }

    [Fact]
    public async Task Order_status_by_spoken_digits()
    {
        await Engine.StartAsync(_state, Token);
        await SayAsync("where is my order");
        var turn = await SayAsync("it's one two three four five six");

        var call = Assert.Single(turn.ToolCalls);
        Assert.Equal(("lookup_order", "ok", "123456"), (call.Tool, call.Outcome, call.Arguments["order_number"]));
        Assert.Contains("blue running shoes, is shipped", turn.Response, StringComparison.Ordinal);
        Assert.Equal("anything_else", turn.Node);
    }

    [Fact]
    public async Task Order_status_by_dtmf_and_an_unknown_order_asks_again()
    {
        await Engine.StartAsync(_state, Token);
        await Engine.HandleDtmfAsync(_state, "1", Token);
        var missing = await Engine.HandleDtmfAsync(_state, "999999#", Token);
        Assert.Equal("not_found", Assert.Single(missing.ToolCalls).Outcome);
        Assert.Equal("ask_order_number", missing.Node);

        var found = await Engine.HandleDtmfAsync(_state, "234567#", Token);
        Assert.Contains("coffee grinder", found.Response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refund_after_identity_check_writes_one_refund()
    {
        await Engine.StartAsync(_state, Token);
        await SayAsync("I'd like a refund");
        var identity = await SayAsync("one two three four five six");
        Assert.Equal("refund_identity/ask_zip", identity.Node);
        var verified = await SayAsync("nine four one oh seven");
        Assert.Equal("refund_confirm", verified.Node);
        Assert.Contains("identity_verified", _state.Flags);

        var done = await SayAsync("yes please");

        Assert.Equal(["verify_identity:ok"], verified.ToolCalls.Select(c => $"{c.Tool}:{c.Outcome}"));
        Assert.Equal("create_refund", Assert.Single(done.ToolCalls).Tool);
        Assert.Contains("refund R", done.Response, StringComparison.Ordinal);
        var refund = Assert.Single(await _agent.Store.RefundsAsync("run-1", Token));
        Assert.Equal(("123456", 8990L), (refund.OrderNumber, refund.AmountCents));
    }

    [Fact]
    public async Task Refund_is_refused_without_identity()
    {
        await Engine.StartAsync(_state, Token);
        await SayAsync("I want to return something");
        await SayAsync("one two three four five six");
        var mismatch = await SayAsync("one one one one one");
        Assert.Equal("mismatch", Assert.Single(mismatch.ToolCalls).Outcome);
        var refused = await SayAsync("two two two two two");

        Assert.Contains("can't issue a refund without verifying", refused.Response, StringComparison.Ordinal);
        Assert.DoesNotContain("identity_verified", _state.Flags);
        Assert.DoesNotContain(_state.Transcript, t => t.Text.Contains("Done: refund", StringComparison.Ordinal));
        Assert.Empty(await _agent.Store.RefundsAsync("run-1", Token));
        Assert.DoesNotContain(_agent.Audit.Records, r => r.Tool == "create_refund");
    }

    [Fact]
    public async Task Repeated_refund_request_makes_one_refund_row()
    {
        await Engine.StartAsync(_state, Token);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            await SayAsync("refund please");
            await SayAsync("one two three four five six");
            await SayAsync("94107");
            await SayAsync("yes go ahead");
        }

        var refundCalls = _agent.Audit.Records.Where(r => r.Tool == "create_refund").ToList();
        Assert.Equal(2, refundCalls.Count);
        Assert.Equal([false, true], refundCalls.Select(r => r.Replayed));
        Assert.Single(await _agent.Store.RefundsAsync("run-1", Token));
    }

    [Fact]
    public async Task A_second_call_asking_again_is_told_it_was_already_refunded()
    {
        async Task RefundAsync(ConversationState state)
        {
            await Engine.StartAsync(state, Token);
            await Engine.HandleUtteranceAsync(state, "refund", Token);
            await Engine.HandleUtteranceAsync(state, "234567", Token);
            await Engine.HandleUtteranceAsync(state, "10001", Token);
        }

        var first = ConversationState.Create("call-a", Caller, "run-1");
        await RefundAsync(first);
        await Engine.HandleUtteranceAsync(first, "yes", Token);
        var second = ConversationState.Create("call-b", Caller, "run-1");
        await RefundAsync(second);
        var again = await Engine.HandleUtteranceAsync(second, "yes", Token);

        Assert.Equal("already_refunded", Assert.Single(again.ToolCalls).Outcome);
        Assert.Contains("already refunded", again.Response, StringComparison.Ordinal);
        Assert.Single(await _agent.Store.RefundsAsync("run-1", Token));
    }

    [Fact]
    public async Task Callback_booking_at_a_date_and_time()
    {
        await Engine.StartAsync(_state, Token);
        await SayAsync("can you call me back");
        var time = await SayAsync("tomorrow");
        Assert.Contains("2026-01-06", time.Response, StringComparison.Ordinal);
        var booked = await SayAsync("at 3 pm");

        Assert.Equal("book_callback:ok", string.Join(",", booked.ToolCalls.Select(c => $"{c.Tool}:{c.Outcome}")));
        var callback = Assert.Single(await _agent.Store.CallbacksAsync("run-1", Token));
        Assert.Equal((Caller, new DateOnly(2026, 1, 6), new TimeOnly(15, 0)), (callback.Phone, callback.Date, callback.Time));
        Assert.Contains(callback.Id, booked.Response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callback_outside_hours_asks_for_another_day()
    {
        await Engine.StartAsync(_state, Token);
        await SayAsync("call me back");
        await SayAsync("friday");
        var turn = await SayAsync("at 8 pm");

        Assert.Equal("outside_hours", Assert.Single(turn.ToolCalls).Outcome);
        Assert.Equal("callback_ask_date", turn.Node);
        Assert.Empty(await _agent.Store.CallbacksAsync("run-1", Token));
    }

    [Fact]
    public async Task Asking_for_a_human_warm_transfers_with_a_ticket()
    {
        await Engine.StartAsync(_state, Token);
        await SayAsync("where is my order");
        var turn = await SayAsync("just let me speak to a real person");

        Assert.True(turn.Ended);
        Assert.True(turn.TransferRequested);
        Assert.Equal(("support", "transferred_to_human"), (turn.TransferTarget, turn.Disposition));
        Assert.Equal(["human", "human/announce", "human/hand_off"], turn.Path);
        Assert.Single(await _agent.Store.TicketsAsync("run-1", Token));
    }

    [Fact]
    public async Task Wrong_number_ends_politely()
    {
        await Engine.StartAsync(_state, Token);
        var turn = await SayAsync("oh sorry, wrong number");

        Assert.True(turn.Ended);
        Assert.Equal("wrong_number", turn.Disposition);
        Assert.False(turn.TransferRequested);
    }

    [Fact]
    public async Task Opt_out_puts_the_caller_on_the_do_not_call_list()
    {
        await Engine.StartAsync(_state, Token);
        await SayAsync("I'd like a refund");
        var turn = await SayAsync("actually just stop calling me");

        Assert.Equal("opted_out", turn.Disposition);
        Assert.True(turn.Ended);
        Assert.True(await _agent.Store.IsDoNotCallAsync(Caller, Token));
    }

    [Fact]
    public async Task Emergency_goes_straight_to_a_person_from_any_node()
    {
        await Engine.StartAsync(_state, Token);
        await SayAsync("refund");
        var turn = await SayAsync("wait, my husband has chest pain");

        Assert.Equal("emergency", turn.Decision!.Route);
        Assert.Contains("dial 911", turn.Response, StringComparison.Ordinal);
        Assert.Equal(("safety", "emergency_transfer"), (turn.TransferTarget, turn.Disposition));
    }

    [Fact]
    public async Task No_input_reprompts_twice_then_says_goodbye()
    {
        await Engine.StartAsync(_state, Token);
        var first = await Engine.HandleNoInputAsync(_state, Token);
        var second = await Engine.HandleNoInputAsync(_state, Token);
        var third = await Engine.HandleNoInputAsync(_state, Token);

        Assert.All([first, second], t => Assert.StartsWith("I can check an order's status", t.Response, StringComparison.Ordinal));
        Assert.All([first, second], t => Assert.False(t.Ended));
        Assert.True(third.Ended);
        Assert.Equal("no_input", third.Disposition);
        Assert.Contains("Goodbye", third.Response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsupported_request_is_refused_with_what_the_agent_can_do()
    {
        await Engine.StartAsync(_state, Token);
        var turn = await SayAsync("can you book me a flight to Paris");

        Assert.Null(turn.Decision!.Route);
        Assert.StartsWith("Sorry, I can't help with that. I can check an order's status, start a return or refund, or book a callback.", turn.Response, StringComparison.Ordinal);
        Assert.Equal("menu", turn.Node);
        Assert.False(turn.Ended);
    }

    [Fact]
    public async Task Input_after_the_call_ended_changes_nothing()
    {
        await Engine.StartAsync(_state, Token);
        await SayAsync("wrong number");
        var turns = _state.TurnCount;
        var after = await SayAsync("hello?");

        Assert.True(after.Ended);
        Assert.Equal(string.Empty, after.Response);
        Assert.Equal("wrong_number", _state.Node);
        Assert.Equal(turns + 1, _state.TurnCount);
    }

    [Fact]
    public async Task Hints_tell_the_speech_layer_what_to_expect()
    {
        await Engine.StartAsync(_state, Token);
        await SayAsync("where is my order");

        var hints = Engine.GetHints(_state);

        Assert.Contains(Graph.Slots["order_number"].Kind, hints.SlotKinds);
        Assert.True(hints.AcceptsDtmf);
        Assert.Equal(6, hints.MaxDigits);
        Assert.Contains("wrong number", hints.Phrases);
    }

    [Fact]
    public async Task State_round_trips_through_json_mid_call()
    {
        await Engine.StartAsync(_state, Token);
        await SayAsync("refund");
        await SayAsync("123456");
        var json = System.Text.Json.JsonSerializer.Serialize(_state);
        var restored = System.Text.Json.JsonSerializer.Deserialize<ConversationState>(json)!;

        var turn = await Engine.HandleUtteranceAsync(restored, "94107", Token);

        Assert.Equal("refund_confirm", turn.Node);
        Assert.Equal("123456", restored.Slots["order_number"]);
    }
}
