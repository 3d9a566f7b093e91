using CallCluster.Agent.Decisions;
using CallCluster.Agent.Engine;
using CallCluster.Agent.Graph;
using CallCluster.Agent.Slots;
using CallCluster.Testing;

namespace CallCluster.Agent.Tests.Decisions;

public sealed class RulesDeciderTests
{
    private readonly AgentGraph _graph = AgentConfigLoader.LoadFile(RepoPaths.DefaultAgent);
    private readonly RulesDecider _rules = new(new SlotExtractor(new ManualTimeProvider()));

    private Decision Decide(string node, DecisionInput input)
    {
        var definition = _graph.Node(node);
        return _rules.Decide(new DecisionRequest(_graph, definition, _graph.CandidateRoutes(definition).ToList(), input, ConversationState.Create("c")));
    }

    [Theory]
    [InlineData("where is my order", "order_status")]
    [InlineData("has my pakage shipped", "order_status")] // a misheard word still matches the example
    [InlineData("I'd like a refund", "refund")]
    [InlineData("could you call me back tomorrow", "callback")]
    [InlineData("I want to talk to a person about my refund", "ask_for_human")] // a global outranks the node's route
    [InlineData("there's a fire and someone is hurt", "emergency")]
    [InlineData("please stop calling me", "opt_out")]
    [InlineData("sorry, wrong number", "wrong_number")]
    public void Routes_fire_on_keywords_examples_and_priority(string said, string route) =>
        Assert.Equal(route, Decide("menu", DecisionInput.Speech(said)).Route);

    [Fact]
    public void Unsupported_request_matches_nothing()
    {
        var decision = Decide("menu", DecisionInput.Speech("can you book me a flight to Paris"));
        Assert.Null(decision.Route);
        Assert.Equal("rules", decision.Source);
    }

    [Fact]
    public void Slot_route_fires_on_spoken_or_typed_digits()
    {
        var spoken = Decide("ask_order_number", DecisionInput.Speech("sure it's one two three four five six"));
        Assert.Equal("give_order_number", spoken.Route);
        Assert.Equal("123456", spoken.Slots["order_number"]);

        var typed = Decide("ask_order_number", DecisionInput.Keypad("234567#"));
        Assert.Equal("give_order_number", typed.Route);
        Assert.Equal("234567", typed.Slots["order_number"]);

        Assert.Null(Decide("ask_order_number", DecisionInput.Speech("one two three")).Route);
    }

    [Fact]
    public void Menu_keys_route_by_dtmf()
    {
        Assert.Equal("refund", Decide("menu", DecisionInput.Keypad("2")).Route);
        Assert.Equal("ask_for_human", Decide("menu", DecisionInput.Keypad("0")).Route);
    }

    [Fact]
    public void Reasons_name_the_configured_keyword_and_example_as_written()
    {
        // Keywords and examples are normalized once per route; the decision still reports them as the config wrote them.
        var keyword = Decide("menu", DecisionInput.Speech("Hi -- WHERE is my order?"));
        Assert.Equal(("order_status", "keyword 'where is my order'"), (keyword.Route, keyword.Reason));

        var example = Decide("menu", DecisionInput.Speech("so, has my package been SHIPPED?"));
        Assert.Equal(("order_status", "example 'has my package shipped' (1.00)"), (example.Route, example.Reason));
        Assert.Empty(example.Slots);
    }

    [Fact]
    public void Deciding_again_on_the_same_graph_gives_the_same_decision()
    {
        var first = Decide("anything_else", DecisionInput.Speech("no thanks, that's all"));
        var second = Decide("anything_else", DecisionInput.Speech("no thanks, that's all"));
        Assert.Equal((first.Route, first.Reason, first.Score), (second.Route, second.Reason, second.Score));
        Assert.Equal("done", second.Route);
    }
}
