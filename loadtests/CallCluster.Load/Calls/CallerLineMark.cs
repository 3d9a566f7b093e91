using System.Globalization;

namespace CallCluster.Load.Calls;

/// <summary>
/// The playout marks a scripted caller places around its n-th line (1-based): <c>caller-start-n</c> before the line's
/// audio, <c>caller-end-n</c> after it. Their "played" reports say when the line really went out on the caller's leg, so
/// whoever listens in on the caller (the failover driver, the end-to-end tests) reads them through this one place.
/// </summary>
public static class CallerLineMark
{
    private const string StartPrefix = "caller-start-";
    private const string EndPrefix = "caller-end-";

    public static string Start(int line) => StartPrefix + line.ToString(CultureInfo.InvariantCulture);

    public static string End(int line) => EndPrefix + line.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads a mark's name: which line it belongs to and whether it follows the line (true) or precedes it.</summary>
    /// <returns>False for any other mark.</returns>
    public static bool TryParse(string name, out int line, out bool ended)
    {
        ArgumentNullException.ThrowIfNull(name);
        ended = name.StartsWith(EndPrefix, StringComparison.Ordinal);
        var prefix = ended ? EndPrefix : StartPrefix;
        line = 0;
        return (ended || name.StartsWith(StartPrefix, StringComparison.Ordinal))
               && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out line);
    }
}
