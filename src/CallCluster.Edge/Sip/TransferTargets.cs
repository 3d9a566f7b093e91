using CallCluster.Sip.Messages;

namespace CallCluster.Edge.Sip;

/// <summary>
/// Turns an agent's transfer target into the URI a REFER carries. Agent configs name queues ("support", "safety"),
/// not numbers: the operator maps them per edge (<see cref="SipEdgeOptions.TransferTargets"/>), so one agent config
/// serves every site and a number change needs no agent release.
/// </summary>
internal static class TransferTargets
{
    public static SipUri Resolve(string target, IDictionary<string, string> configured)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (configured.TryGetValue(target, out var uri))
        {
            return Parse(uri, $"Sip:TransferTargets:{target}");
        }

        if (target.Contains(':', StringComparison.Ordinal))
        {
            return Parse(target, "the agent's transfer target");
        }

        throw new TransferTargetException(
            $"No transfer target is configured for '{target}': set Sip:TransferTargets:{target} to a SIP URI (e.g. sip:desk@pbx.example.com) in the edge's configuration.");
    }

    private static SipUri Parse(string uri, string source)
    {
        try
        {
            return SipUri.Parse(uri);
        }
        catch (SipParseException e)
        {
            throw new TransferTargetException($"{source} is not a SIP URI ('{uri}'): {e.Message}", e);
        }
    }
}
