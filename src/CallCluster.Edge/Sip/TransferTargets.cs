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

    /// <summary>A target fit for a log line: the scheme and host of a URI, a queue name without its digits (PII).</summary>
    public static string Redact(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Contains(':', StringComparison.Ordinal))
        {
            try
            {
                return Redact(SipUri.Parse(target));
            }
            catch (SipParseException)
            {
                return "(unparsable URI)";
            }
        }

        return string.Create(target.Length, target, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsAsciiDigit(source[i]) ? '#' : source[i];
            }
        });
    }

    /// <summary>The scheme and host of <paramref name="uri"/>: the user part is a number or a name (PII).</summary>
    public static string Redact(SipUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.User is null ? $"{uri.Scheme}:{uri.Host}" : $"{uri.Scheme}:***@{uri.Host}";
    }

    private static SipUri Parse(string uri, string source)
    {
        try
        {
            return SipUri.Parse(uri);
        }
        catch (SipParseException e)
        {
            // Not the value itself: it may be a phone number, and this message reaches logs and the agent's evidence.
            throw new TransferTargetException($"{source} is not a SIP URI: {e.Message}", e);
        }
    }
}
