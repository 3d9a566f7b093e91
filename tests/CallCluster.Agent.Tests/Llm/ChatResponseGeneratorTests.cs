using CallCluster.Agent.Decisions;
using CallCluster.Agent.Engine;
using CallCluster.Agent.Graph;
using CallCluster.Agent.Llm;
using CallCluster.Agent.Sandbox;
using CallCluster.Agent.Slots;
using CallCluster.Agent.Tools;

namespace CallCluster.Agent.Tests.Llm;

public sealed class ChatResponseGeneratorTests
{
    private const string Yaml = """
        agent: prompted
        start: chat
        defaults: { on_exhausted: bye, model: fake-model }
        slots: { order_number: { type: digits, length: 6 } }
        nodes:
          chat:
            prompt: "Help the caller warmly."
            say: "How can I help?"
            routes:
              - { name: give_order_number, slots: [order_number], next: bye }
          bye: { say: "Thanks for {order_number}.", end: true, disposition: done }
        """;

    private static readonly AgentGraph Graph = AgentConfigLoader.Load(Yaml, "prompted.yaml");

    private static async Task<AgentTurn> StartAsync(FakeChatClient client)
    {
        var generator = new ChatResponseGenerator(client, new ChatDeciderOptions { Timeout = TimeSpan.FromMilliseconds(200) }, TimeProvider.System);
        var tools = new ToolExecutor([new SandboxToolBackend(new InMemorySandboxStore(new SandboxFixtures()), TimeProvider.System)], new InMemoryToolAuditSink(), TimeProvider.System);
        var engine = new ConversationEngine(Graph, new RulesDecider(new SlotExtractor(TimeProvider.System)), tools, TimeProvider.System, generator);
        return await engine.StartAsync(ConversationState.Create("c"), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_model_words_the_response() =>
        Assert.Equal("Hi there, what can I do for you?", (await StartAsync(FakeChatClient.Says("Hi there, what can I do for you?"))).Response);

    [Fact]
    public async Task A_tool_call_in_the_response_is_taken_not_spoken()
    {
        var turn = await StartAsync(FakeChatClient.Says("""give_order_number(order_number="123456")"""));

        Assert.Equal("Thanks for 123456.", turn.Response);
        Assert.Equal(["chat", "bye"], turn.Path);
        Assert.True(turn.Ended);
    }

    [Fact]
    public async Task A_slow_model_gives_way_to_the_template()
    {
        var hanging = new FakeChatClient(async (_, _, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return new Microsoft.Extensions.AI.ChatResponse();
        });

        Assert.Equal("How can I help?", (await StartAsync(hanging)).Response);
    }

    [Fact]
    public async Task An_unknown_tool_call_is_not_read_out()
    {
        var turn = await StartAsync(FakeChatClient.Says("""{"name":"wipe_database","arguments":{}}"""));

        Assert.Equal("How can I help?", turn.Response);
    }
}
