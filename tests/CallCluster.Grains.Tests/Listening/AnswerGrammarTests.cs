using CallCluster.Agent.Decisions;
using CallCluster.Agent.Engine;
using CallCluster.Agent.Graph;
using CallCluster.Agent.Simulation;
using CallCluster.Agent.Slots;
using CallCluster.Grains.Listening;
using CallCluster.Grains.Tests.Support;

namespace CallCluster.Grains.Tests.Listening;

/// <summary>The default agent's nodes as grammars for early end of turn: what completes an answer, what is still underway.</summary>
public sealed class AnswerGrammarTests
{
    private static readonly ConversationEngine Engine = SandboxAgent.Create(AgentConfigLoader.LoadFile(CallHarness.FindAgent()), TimeProvider.System).Engine;

    [Theory]
    [InlineData("menu", "order status", true)]
    [InlineData("menu", "I want to return something", true)]
    [InlineData("menu", "let me talk to a real person", true)]
    [InlineData("menu", "order", false)]
    [InlineData("menu", "the weather is nice", false)]
    [InlineData("ask_order_number", "one two three four five six", true)]
    [InlineData("ask_order_number", "my order number is one two three four five six", true)]
    [InlineData("ask_order_number", "one two three", false)]
    [InlineData("anything_else", "that's all", true)]
    public void A_transcript_completes_the_node_when_the_rules_route_it(string node, string transcript, bool completes)
    {
        var grammar = GrammarAt(node);

        Assert.Equal(completes, grammar.Completes(transcript));
    }

    [Theory]
    [InlineData("ask_order_number", "one two three", true)]
    [InlineData("ask_order_number", "my order number is one two", true)]
    [InlineData("ask_order_number", "one two three four five six", false)]
    [InlineData("ask_order_number", "I don't have it", false)]
    [InlineData("menu", "one two three", false)]
    public void Only_a_number_begun_and_not_finished_is_underway(string node, string transcript, bool underway)
    {
        var grammar = GrammarAt(node);

        Assert.Equal(underway, grammar.Underway(transcript));
    }

    [Theory]
    [InlineData("menu", "2", true)]
    [InlineData("menu", "0", true)] // the global key for a person
    [InlineData("menu", "9", true)] // no route takes it, nor any longer entry: the agent says so at once
    [InlineData("menu", "12", true)]
    [InlineData("ask_order_number", "123456", true)]
    [InlineData("ask_order_number", "12345", false)]
    [InlineData("ask_order_number", "0", false)] // an order number may begin with the person key
    [InlineData("refund_confirm", "1", true)]
    [InlineData("refund_identity/ask_zip", "94107", true)]
    [InlineData("refund_identity/ask_zip", "9410", false)]
    public void Keys_complete_the_node_when_the_rules_route_them_and_no_longer_entry_could(string node, string digits, bool complete)
    {
        var grammar = GrammarAt(node);

        Assert.Equal(complete, grammar.DigitsComplete(digits));
    }

    [Fact]
    public void An_ended_call_has_no_grammar()
    {
        var state = ConversationState.Create("ended");
        state.Node = "menu";
        state.Ended = true;

        Assert.Null(AnswerGrammar.For(Engine, state, new RulesDecider(new SlotExtractor(TimeProvider.System))));
    }

    private static AnswerGrammar GrammarAt(string node)
    {
        var state = ConversationState.Create("grammar");
        state.Node = node;
        return AnswerGrammar.For(Engine, state, new RulesDecider(new SlotExtractor(TimeProvider.System)))!;
    }
}
