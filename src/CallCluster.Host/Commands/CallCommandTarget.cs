using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;

namespace CallCluster.Host.Commands;

/// <summary>Where <c>callcluster call</c> places its call, parsed from the command line.</summary>
/// <param name="Uri">The target as given (a SIP URI, or <c>loopback:echo</c>).</param>
/// <param name="SipUri">The parsed SIP URI; null for the loopback.</param>
/// <param name="Codecs">The SDP offer's codecs for a SIP call, best first.</param>
public sealed record CallCommandTarget(string Uri, SipUri? SipUri, IReadOnlyList<AudioCodec> Codecs)
{
    public const string LoopbackEcho = "loopback:echo";

    private static readonly Dictionary<string, AudioCodec> KnownCodecs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["opus"] = AudioCodec.Opus,
        ["G722"] = AudioCodec.G722,
        ["L16"] = AudioCodec.L16,
        ["PCMU"] = AudioCodec.Pcmu,
        ["PCMA"] = AudioCodec.Pcma,
    };

    /// <summary>True for the in-process echo self-test, which needs no network.</summary>
    public bool IsLoopback => SipUri is null;

    /// <exception cref="ArgumentException">The target is neither a SIP URI nor a loopback target, or a codec is unknown.</exception>
    public static CallCommandTarget Parse(string target, string codecs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentNullException.ThrowIfNull(codecs);
        var preference = codecs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (preference.Length == 0 || !preference.All(KnownCodecs.ContainsKey))
        {
            throw new ArgumentException($"--codec '{codecs}': codecs are a comma-separated list of {string.Join(", ", KnownCodecs.Keys)}.");
        }

        var offer = preference.Select(c => KnownCodecs[c]).Distinct().ToList();
        if (string.Equals(target, LoopbackEcho, StringComparison.OrdinalIgnoreCase))
        {
            return new CallCommandTarget(LoopbackEcho, null, offer);
        }

        var isSip = target.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || target.StartsWith("sips:", StringComparison.OrdinalIgnoreCase);
        var host = isSip ? target[(target.IndexOf(':', StringComparison.Ordinal) + 1)..] : string.Empty;
        host = host[(host.IndexOf('@', StringComparison.Ordinal) + 1)..];
        if (!isSip || host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"'{target}' is not a target: give a SIP URI such as sip:agent@10.0.0.5:5080, or {LoopbackEcho}.");
        }

        try
        {
            return new CallCommandTarget(target, SipUri.Parse(target), offer);
        }
        catch (SipParseException e)
        {
            throw new ArgumentException($"'{target}' is not a target: {e.Message}", e);
        }
    }
}
