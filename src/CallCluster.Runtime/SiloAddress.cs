namespace CallCluster.Runtime;

/// <summary>
/// A silo's identity: its endpoint plus a generation (start time ticks) so that a restarted process on
/// the same endpoint is a different silo. A silo declared Dead never comes back under the same address.
/// </summary>
public readonly record struct SiloAddress(string Host, int Port, long Generation)
{
    public override string ToString() => $"{Host}:{Port}@{Generation}";

    public static SiloAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.LastIndexOf('@');
        var colon = at < 0 ? -1 : text.LastIndexOf(':', at);
        if (at < 0 || colon < 0)
        {
            throw new FormatException($"'{text}' is not a silo address of the form host:port@generation.");
        }

        return new SiloAddress(
            text[..colon],
            int.Parse(text.AsSpan(colon + 1, at - colon - 1), System.Globalization.CultureInfo.InvariantCulture),
            long.Parse(text.AsSpan(at + 1), System.Globalization.CultureInfo.InvariantCulture));
    }
}
