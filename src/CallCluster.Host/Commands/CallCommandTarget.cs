namespace CallCluster.Host.Commands;

/// <summary>Where <c>callcluster call</c> places its call, parsed from the command line.</summary>
/// <param name="Uri">The target as given (a SIP URI, or <c>loopback:echo</c>).</param>
/// <param name="IsLoopback">True for the in-process echo self-test, which needs no network.</param>
/// <param name="Codecs">Codec names for the SDP offer of a SIP call, best first.</param>
public sealed record CallCommandTarget(string Uri, bool IsLoopback, IReadOnlyList<string> Codecs)
{
    public const string LoopbackEcho = "loopback:echo";

    private static readonly HashSet<string> KnownCodecs = new(StringComparer.OrdinalIgnoreCase) { "opus", "G722", "L16", "PCMU", "PCMA" };

    /// <exception cref="ArgumentException">The target is neither a SIP URI nor a loopback target, or a codec is unknown.</exception>
    public static CallCommandTarget Parse(string target, string codecs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentNullException.ThrowIfNull(codecs);
        var preference = codecs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (preference.Length == 0 || preference.FirstOrDefault(c => !KnownCodecs.Contains(c)) is { } unknown && unknown.Length > 0)
        {
            throw new ArgumentException($"--codec '{codecs}': codecs are a comma-separated list of {string.Join(", ", KnownCodecs)}.");
        }

        if (string.Equals(target, LoopbackEcho, StringComparison.OrdinalIgnoreCase))
        {
            return new CallCommandTarget(LoopbackEcho, IsLoopback: true, preference);
        }

        var isSip = target.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || target.StartsWith("sips:", StringComparison.OrdinalIgnoreCase);
        var host = isSip ? target[(target.IndexOf(':', StringComparison.Ordinal) + 1)..] : string.Empty;
        host = host[(host.IndexOf('@', StringComparison.Ordinal) + 1)..];
        if (!isSip || host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"'{target}' is not a target: give a SIP URI such as sip:agent@10.0.0.5:5080, or {LoopbackEcho}.");
        }

        return new CallCommandTarget(target, IsLoopback: false, preference);
    }
}
