using CallCluster.Agent.Graph;

namespace CallCluster.Speech.Tests.AgentUtterances;

/// <summary>
/// What callers say to agents/customer-service.yaml, derived from the config itself: every keyword and example of
/// the menu, anything-else and confirmation routes, every global tool's keyword and example (spread over the waiting
/// nodes, since globals fire anywhere), and the slot nodes answered with concrete values — the sandbox fixtures' order
/// numbers and zip codes, dates and times relative to <see cref="Today"/> — bare and after a carrier phrase.
/// </summary>
public static class DefaultAgentCorpus
{
    /// <summary>The clock the corpus' dates are resolved against: Monday 5 January 2026, 10:00 UTC.</summary>
    public static readonly DateTimeOffset Today = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The nodes where the call waits for the caller and globals may fire; globals are spread over them.</summary>
    public static readonly string[] WaitingNodes =
    [
        "menu", "anything_else", "ask_order_number", "refund_ask_order", "refund_identity/ask_zip", "refund_identity/ask_again",
        "refund_confirm", "callback_ask_date", "callback_ask_time",
    ];

    // Sandbox fixtures (agents/customer-service.fixtures.yaml) plus numbers with zeros and repeats, the hard cases.
    private static readonly string[] OrderNumbers = ["123456", "234567", "345678", "100203", "880215", "909090"];
    private static readonly string[] OrderCarriers = ["{0}", "it's {0}", "my order number is {0}", "the order number is {0}"];
    private static readonly string[] ZipCodes = ["94107", "10001", "60614"];
    private static readonly string[] ZipCarriers = ["{0}", "my zip code is {0}", "it's {0}"];

    private static readonly (string Spoken, string Value)[] Dates =
    [
        ("tomorrow", "2026-01-06"), ("today", "2026-01-05"), ("the day after tomorrow", "2026-01-07"), ("friday", "2026-01-09"),
        ("next wednesday", "2026-01-07"), ("on thursday", "2026-01-08"), ("january twentieth", "2026-01-20"),
        ("on march third", "2026-03-03"), ("the fifteenth of february", "2026-02-15"),
    ];

    private static readonly (string Spoken, string Value)[] Times =
    [
        ("ten a m", "10:00"), ("two p m", "14:00"), ("three thirty p m", "15:30"), ("at noon", "12:00"), ("at four", "16:00"),
        ("eleven in the morning", "11:00"), ("at two thirty", "14:30"), ("ten fifteen a m", "10:15"), ("four o'clock", "16:00"),
    ];

    private static readonly Dictionary<string, string> NoSlots = new(StringComparer.Ordinal);

    public static IReadOnlyList<AgentUtterance> Build(AgentGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var utterances = new List<AgentUtterance>();
        utterances.AddRange(RoutePhrases(graph, "menu", graph.Node("menu").Routes));
        // The shared menu routes were covered at the menu; here their first keyword, and all of "done".
        var anythingElse = graph.Node("anything_else").Routes;
        utterances.AddRange(anythingElse.Where(r => r.Name != "done").Select(r => new AgentUtterance("anything_else", r.Keywords[0], r.Name, NoSlots)));
        utterances.AddRange(RoutePhrases(graph, "anything_else", anythingElse.Where(r => r.Name == "done")));
        utterances.AddRange(RoutePhrases(graph, "refund_confirm", graph.Node("refund_confirm").Routes));

        var globals = graph.GlobalRoutes.SelectMany(r => r.Keywords.Concat(r.Examples).Select(p => (Route: r.Name, Phrase: p))).ToList();
        utterances.AddRange(globals.Select((g, i) => new AgentUtterance(WaitingNodes[i % WaitingNodes.Length], g.Phrase, g.Route, NoSlots)));

        var i = 0;
        foreach (var node in new[] { "ask_order_number", "refund_ask_order" })
        {
            foreach (var number in OrderNumbers)
            {
                utterances.Add(Slot(node, OrderCarriers[i++ % OrderCarriers.Length], SpokenDigits(number), "give_order_number", "order_number", number));
            }
        }

        foreach (var node in new[] { "refund_identity/ask_zip", "refund_identity/ask_again" })
        {
            foreach (var zip in ZipCodes)
            {
                utterances.Add(Slot(node, ZipCarriers[i++ % ZipCarriers.Length], SpokenDigits(zip), "give_zip", "zip_code", zip));
            }
        }

        utterances.AddRange(Dates.Select(d => Slot("callback_ask_date", "{0}", d.Spoken, "give_date", "callback_date", d.Value)));
        utterances.AddRange(Times.Select(t => Slot("callback_ask_time", "{0}", t.Spoken, "give_time", "callback_time", t.Value)));
        return utterances;
    }

    /// <summary>Digits as a caller reads them out: one word each, zero as "oh" every other time it occurs.</summary>
    public static string SpokenDigits(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        string[] words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
        var zeros = 0;
        return string.Join(' ', digits.Select(d => d == '0' ? (zeros++ % 2 == 0 ? "oh" : "zero") : words[d - '0']));
    }

    private static IEnumerable<AgentUtterance> RoutePhrases(AgentGraph graph, string node, IEnumerable<RouteDefinition> routes)
    {
        _ = graph.Node(node);
        return routes.SelectMany(r => r.Keywords.Concat(r.Examples).Select(p => new AgentUtterance(node, p, r.Name, NoSlots)));
    }

    private static AgentUtterance Slot(string node, string carrier, string spokenValue, string route, string slot, string value) =>
        new(node, string.Format(System.Globalization.CultureInfo.InvariantCulture, carrier, spokenValue), route,
            new Dictionary<string, string>(StringComparer.Ordinal) { [slot] = value });
}
