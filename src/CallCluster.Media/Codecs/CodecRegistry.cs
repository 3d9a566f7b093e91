using System.Diagnostics.CodeAnalysis;
using CallCluster.Media.Codecs.G711;
using CallCluster.Media.Codecs.G722;
using CallCluster.Media.Codecs.L16;
using CallCluster.Media.Codecs.Opus;

namespace CallCluster.Media.Codecs;

/// <summary>
/// Codecs by their SDP <c>a=rtpmap</c> name and clock rate (names compare case-insensitively, as RFC 4566
/// says MIME subtypes do). The order is the preference order for SDP offers and answers: wideband first,
/// because the speech recogniser needs 16 kHz audio.
/// </summary>
public sealed class CodecRegistry
{
    private readonly IAudioCodec[] codecs;

    public CodecRegistry(IEnumerable<IAudioCodec> codecs)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        this.codecs = [.. codecs];
        var duplicate = this.codecs
            .GroupBy(codec => (Name: codec.Name.ToUpperInvariant(), codec.ClockRate))
            .FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Codec {duplicate.Key.Name}/{duplicate.Key.ClockRate} is registered twice.", nameof(codecs));
        }
    }

    /// <summary>Opus, G.722, L16/16000, PCMU, PCMA, in that preference order.</summary>
    public static CodecRegistry Default { get; } = new([OpusCodec.Default, G722Codec.Instance, L16Codec.Instance, G711Codec.Pcmu, G711Codec.Pcma]);

    /// <summary>All codecs, most preferred first.</summary>
    public IReadOnlyList<IAudioCodec> Codecs => codecs;

    /// <summary>Finds a codec by rtpmap encoding name and clock rate (e.g. "opus", 48000; "G722", 8000).</summary>
    public bool TryGet(string encodingName, int clockRate, [NotNullWhen(true)] out IAudioCodec? codec)
    {
        ArgumentNullException.ThrowIfNull(encodingName);
        codec = Array.Find(codecs, c => c.ClockRate == clockRate && string.Equals(c.Name, encodingName, StringComparison.OrdinalIgnoreCase));
        return codec is not null;
    }

    /// <summary>Finds the most preferred codec with this encoding name, whatever its clock rate.</summary>
    public bool TryGet(string encodingName, [NotNullWhen(true)] out IAudioCodec? codec)
    {
        ArgumentNullException.ThrowIfNull(encodingName);
        codec = Array.Find(codecs, c => string.Equals(c.Name, encodingName, StringComparison.OrdinalIgnoreCase));
        return codec is not null;
    }

    /// <summary>Like <see cref="TryGet(string, int, out IAudioCodec?)"/>, but throws a clear error for an unknown codec.</summary>
    public IAudioCodec Get(string encodingName, int clockRate) =>
        TryGet(encodingName, clockRate, out var codec)
            ? codec
            : throw new KeyNotFoundException($"No codec {encodingName}/{clockRate}; known: {string.Join(", ", codecs.Select(c => $"{c.Name}/{c.ClockRate}"))}.");
}
