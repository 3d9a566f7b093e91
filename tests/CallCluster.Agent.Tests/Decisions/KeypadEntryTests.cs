using CallCluster.Agent.Decisions;
using CallCluster.Agent.Graph;

namespace CallCluster.Agent.Tests.Decisions;

/// <summary>Whether a keypad entry may still go on, read off a node's routes: menu keys, digit, number and yes/no slots.</summary>
public sealed class KeypadEntryTests
{
    private const string Keypad = """
        agent: keypad
        start: menu
        defaults: { on_exhausted: bye }
        slots:
          party: { type: number, min: 1, max: 12 }
          ok: { type: yes_no }
          pin: { type: digits, min_length: 4 }
        nodes:
          menu:
            say: "Press 1 for sales, 12 for the party line."
            routes:
              - { name: sales, dtmf: "1", next: party }
              - { name: party_line, dtmf: "12", next: party }
          party:
            say: "How many of you?"
            routes:
              - { name: give_party, slots: [party], next: confirm }
          confirm:
            say: "Shall I book it? Press 1 for yes, 2 for no."
            routes:
              - { name: answer, slots: [ok], next: pin }
          pin:
            say: "Your PIN?"
            routes:
              - { name: give_pin, slots: [pin], next: bye }
          bye: { say: "Bye.", end: true, disposition: done }
        """;

    private static readonly AgentGraph Default = AgentConfigLoader.LoadFile(RepoPaths.DefaultAgent);
    private static readonly AgentGraph Inline = AgentConfigLoader.Load(Keypad, "keypad.yaml");

    [Theory]
    [InlineData("menu", "1", false)] // every menu key (and the global "0") is one key long
    [InlineData("menu", "0", false)]
    [InlineData("refund_confirm", "2", false)]
    [InlineData("ask_order_number", "12345", true)] // six digits
    [InlineData("ask_order_number", "123456", false)]
    [InlineData("ask_order_number", "0", true)] // "0" is the global key for a person, but an order number may start with it
    [InlineData("refund_identity/ask_zip", "9410", true)]
    [InlineData("refund_identity/ask_zip", "94107", false)]
    public void The_default_agent_s_nodes(string node, string digits, bool canGoOn) =>
        Assert.Equal(canGoOn, CanGoOn(Default, node, digits));

    [Theory]
    [InlineData("menu", "1", true)] // "12" is a key too
    [InlineData("menu", "12", false)]
    [InlineData("party", "1", true)] // 10, 11, 12 are still to come
    [InlineData("party", "2", false)] // 20 is past the maximum of 12
    [InlineData("party", "12", false)]
    [InlineData("confirm", "1", false)] // yes/no is one key
    [InlineData("pin", "12345678", true)] // no maximum length: only the terminator or the timeout ends it
    [InlineData("pin", "12*", false)] // a slot takes digits only
    public void Keys_slots_numbers_and_yes_no(string node, string digits, bool canGoOn) =>
        Assert.Equal(canGoOn, CanGoOn(Inline, node, digits));

    private static bool CanGoOn(AgentGraph graph, string node, string digits) =>
        KeypadEntry.CanGoOn(graph, graph.CandidateRoutes(graph.Node(node)), digits);
}
