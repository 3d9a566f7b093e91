using CallCluster.Load.Calls;

namespace CallCluster.Host.Commands;

internal static partial class DemoCommand
{
    /// <summary>One path through the default agent: what the caller says, and the disposition the agent must record.</summary>
    private sealed record Scenario(string Name, CallScript Script, string ExpectedDisposition);

    /// <summary>Room for the agent's goodbye and its hang-up after the caller's last line.</summary>
    private static readonly CallerTurn AgentHangsUp = CallerTurn.SilenceFor(TimeSpan.FromSeconds(8));

    /// <summary>
    /// The default agent's main paths, in the order calls cycle through them. The lines are ones the agent's per-node
    /// grammars recognise from synthesized speech; order 123456 and zip 94107 are the sandbox fixtures' first customer.
    /// </summary>
    /// <remarks>Single-turn paths come first so that a short demo (<c>--calls 2</c>) is quick. Every script ends in
    /// silence: the agent says goodbye and hangs up itself, so the evidence records the graph's disposition rather than
    /// a caller hang-up racing the goodbye.</remarks>
    private static readonly Scenario[] Scenarios =
    [
        new("wrong number", new CallScript([CallerTurn.Say("I dialed the wrong number"), AgentHangsUp]), "wrong_number"),
        new("opt out", new CallScript([CallerTurn.Say("stop calling me"), AgentHangsUp]), "opted_out"),
        new("human", new CallScript([CallerTurn.Say("let me talk to a real person"), AgentHangsUp]), "transferred_to_human"),
        new("order status", new CallScript([CallerTurn.Say("order status"), CallerTurn.Say("one two three four five six"), CallerTurn.Say("that's all"), AgentHangsUp]), "resolved"),
        new("dtmf order status", new CallScript([CallerTurn.Dtmf("1"), CallerTurn.Dtmf("123456#"), CallerTurn.Say("that's all"), AgentHangsUp]), "resolved"),
        new("refund", new CallScript(
            [
                CallerTurn.Say("I want to return something"), CallerTurn.Say("one two three four five six"), CallerTurn.Say("nine four one zero seven"),
                CallerTurn.Say("yes"), CallerTurn.Say("that's all"), AgentHangsUp,
            ]), "resolved"),
    ];
}
