using CallCluster.Agent.Sandbox;
using CallCluster.Load.Calls;

namespace CallCluster.Load.Failover;

/// <summary>
/// The path every failover call walks through the default agent: a refund with an identity check, ending in one
/// refund row. Each call refunds an order of its own (refunds are unique per order), owned by one sandbox customer
/// whose zip code is the identity check's answer.
/// </summary>
public static class RefundScript
{
    /// <summary>The customer every failover order belongs to; the agent says the first name once identity is verified.</summary>
    public static readonly SandboxCustomer Customer = new("FAILOVER", "Ada Lovelace", "94107", "+15550100");

    /// <summary>The disposition the agent records when the caller is done after the refund.</summary>
    public const string ExpectedDisposition = "resolved";

    /// <summary>The most calls with an order number of their own (see <see cref="OrderNumber"/>).</summary>
    public const int MaxCalls = 62;

    /// <summary>The tool whose single write per call is counted.</summary>
    public const string RefundTool = "create_refund";

    /// <summary>
    /// Call <paramref name="number"/>'s order number (1-based, up to 62): six digits 1–9 stepping by 2 to 8 (mod 9) from
    /// a start that depends on the number, so no digit repeats its neighbour and no two calls' numbers differ in one
    /// digit only (either would let a misheard number name another call's order), and none is a fixture's (step 1).
    /// </summary>
    public static string OrderNumber(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, MaxCalls);
        var start = number % 9;
        var step = 2 + (number / 9);
        return string.Concat(Enumerable.Range(0, 6).Select(i => (char)('1' + ((start + (i * step)) % 9))));
    }

    /// <summary>The orders of <paramref name="calls"/> calls, refundable, for the sandbox store.</summary>
    public static SandboxFixtures Fixtures(int calls) => new()
    {
        Customers = [Customer],
        Orders = [.. Enumerable.Range(1, calls).Select(n => new SandboxOrder(OrderNumber(n), Customer.Id, "failover test item", "delivered", "delivered yesterday", 1000 + n, Refundable: true))],
    };

    /// <summary>
    /// What the caller does on call <paramref name="number"/>: says it wants a return, keys the order number and the zip
    /// code (RFC 4733) each ended with # (as callers are told; without it the agent waits out the 3 s inter-digit
    /// timeout, and a failover in that wait loses the keyed entry), says yes and that's all, then stays silent while the agent says goodbye and hangs up (so the
    /// evidence records the graph's disposition). The numbers are keyed, not spoken: the recogniser gets about one
    /// digit string in ten wrong (docs/benchmarks-speech.md), which would fail a tenth of the calls for reasons that
    /// have nothing to do with failover.
    /// </summary>
    public static CallScript For(int number) => new(
    [
        CallerTurn.Say("I want to return something"),
        CallerTurn.Dtmf(OrderNumber(number) + "#"),
        CallerTurn.Dtmf(Customer.Zip + "#"),
        CallerTurn.Say("yes"),
        CallerTurn.Say("that's all"),
        CallerTurn.SilenceFor(TimeSpan.FromSeconds(15)),
    ]);

    /// <summary>The lines of a script that expect an answer from the agent (spoken or keyed).</summary>
    public static int AnsweredTurns(CallScript script) =>
        script?.Turns.Count(t => t.Kind is CallerTurnKind.Say or CallerTurnKind.Dtmf) ?? throw new ArgumentNullException(nameof(script));
}
