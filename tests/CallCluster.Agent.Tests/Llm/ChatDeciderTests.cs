using CallCluster.Agent.Engine;
using CallCluster.Agent.Graph;
using CallCluster.Agent.Llm;
using CallCluster.Agent.Simulation;
using CallCluster.Agent.Slots;
using Microsoft.Extensions.AI;

namespace CallCluster.Agent.Tests.Llm;

public sealed class ChatDeciderTests
{
    private static readonly AgentGraph Graph = AgentConfigLoader.Load(
        File.ReadAllText(RepoPaths.DefaultAgent).Replace("defaults:\n", "defaults:\n  model: fake-model\n", StringComparison.Ordinal),
        "customer-service.yaml",
        Path.GetDirectoryName(RepoPaths.DefaultAgent));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static (ConversationEngine Engine, ConversationState State) Start(IChatClient client, TimeSpan? timeout = null)
    {
        var decider = new ChatDecider(client, new SlotExtractor(TimeProvider.System), new ChatDeciderOptions { Timeout = timeout ?? TimeSpan.FromSeconds(30) }, TimeProvider.System);
        return (SandboxAgent.Create(Graph, TimeProvider.System, decider: decider).Engine, ConversationState.Create("c", "+15550100"));
    }

    [Fact]
    public async Task A_real_function_call_picks_the_route_and_the_model_sees_the_nodes_tools()
    {
        var client = FakeChatClient.Calls("order_status", []);
        var (engine, state) = Start(client);
        await engine.StartAsync(state, Token);

        var turn = await engine.HandleUtteranceAsync(state, "yo where's my stuff", Token);

        Assert.Equal(("order_status", "llm"), (turn.Decision!.Route, turn.Decision.Source));
        Assert.Equal("ask_order_number", turn.Node);
        var options = Assert.Single(client.Requests)!;
        Assert.Equal("fake-model", options.ModelId);
        Assert.Equal(["order_status", "refund", "callback", "emergency", "opt_out", "wrong_number", "ask_for_human"], options.Tools!.Select(t => t.Name));
    }

    [Theory]
    [InlineData("""{"name":"give_order_number","arguments":{"order_number":"123456"}}""")]
    [InlineData("""Sure! {"function": {"name": "give_order_number", "arguments": "{\"order_number\": \"123456\"}"}}""")]
    [InlineData("""give_order_number(order_number="123456")""")]
    [InlineData("""I'll look that up: give_order_number(order_number=one two three four five six)""")]
    public async Task A_tool_call_printed_as_text_becomes_a_real_call_and_is_never_spoken(string printed)
    {
        var (engine, state) = Start(FakeChatClient.Says(printed));
        await engine.StartAsync(state, Token);
        await engine.HandleDtmfAsync(state, "1", Token); // keypad input is decided by the rules

        var turn = await engine.HandleUtteranceAsync(state, "it's the one from last week", Token);

        Assert.Equal(("give_order_number", "llm-text-tool-call"), (turn.Decision!.Route, turn.Decision.Source));
        Assert.Equal("123456", turn.Slots["order_number"]);
        Assert.Equal("lookup_order", Assert.Single(turn.ToolCalls).Tool);
        Assert.DoesNotContain("give_order_number", turn.Response, StringComparison.Ordinal);
        Assert.DoesNotContain("{", turn.Response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_route_the_node_does_not_offer_is_not_taken()
    {
        var (engine, state) = Start(FakeChatClient.Says("""{"name":"issue_refund","arguments":{}}"""));
        await engine.StartAsync(state, Token);

        var turn = await engine.HandleUtteranceAsync(state, "just refund me now", Token);

        Assert.Null(turn.Decision!.Route);
        Assert.Equal("menu", turn.Node);
        Assert.Empty(turn.ToolCalls);
    }

    [Fact]
    public async Task A_slow_model_falls_back_to_the_rules_and_says_why()
    {
        var hanging = new FakeChatClient(async (_, _, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return new ChatResponse();
        });
        var (engine, state) = Start(hanging, TimeSpan.FromMilliseconds(100));
        await engine.StartAsync(state, Token);

        var turn = await engine.HandleUtteranceAsync(state, "where is my order", Token);

        Assert.Equal(("order_status", "rules-fallback"), (turn.Decision!.Route, turn.Decision.Source));
        Assert.Contains("Timeout", turn.Decision.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_model_falls_back_to_the_rules()
    {
        var failing = new FakeChatClient((_, _, _) => throw new HttpRequestException("503 Service Unavailable"));
        var (engine, state) = Start(failing);
        await engine.StartAsync(state, Token);

        var turn = await engine.HandleUtteranceAsync(state, "I need a refund", Token);

        Assert.Equal(("refund", "rules-fallback"), (turn.Decision!.Route, turn.Decision.Source));
        Assert.Contains("503", turn.Decision.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Guard_ignores_prose_and_unknown_names()
    {
        string[] tools = ["lookup_order"];
        Assert.Null(ToolCallTextGuard.Find("Your order (the shoes) is on its way.", tools));
        Assert.Null(ToolCallTextGuard.Find("""{"name":"delete_everything","arguments":{}}""", tools));
        var call = ToolCallTextGuard.Find("lookup_order(order_id=42, note='hi, there')", tools)!;
        Assert.Equal("lookup_order", call.Name);
        Assert.Equal("42", call.Arguments["order_id"]);
    }
}
