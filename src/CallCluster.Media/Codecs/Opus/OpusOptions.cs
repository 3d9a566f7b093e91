namespace CallCluster.Media.Codecs.Opus;

/// <summary>Encoder settings for calls. Defaults suit wideband speech over lossy networks.</summary>
public sealed record OpusOptions
{
    /// <summary>Target bit rate in bit/s. Default 24 000: transparent wideband speech at 16 kHz with room for FEC.</summary>
    public int BitRate { get; init; } = 24_000;

    /// <summary>Encoder complexity 0–10. Default 5: most of the quality of 10 at about half the CPU, for many calls per core.</summary>
    public int Complexity { get; init; } = 5;

    /// <summary>In-band forward error correction. Default true: the receiver can rebuild a lost packet from the next one.</summary>
    public bool InbandFec { get; init; } = true;

    /// <summary>Packet loss the encoder plans FEC for, in percent. Default 10: FEC is only emitted when this is above zero.</summary>
    public int ExpectedPacketLossPercent { get; init; } = 10;

    /// <summary>Discontinuous transmission. Default false: a jitter buffer then sees a steady 50 packets/s and silence stays real silence.</summary>
    public bool Dtx { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BitRate, 6_000, nameof(BitRate));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BitRate, 510_000, nameof(BitRate));
        ArgumentOutOfRangeException.ThrowIfNegative(Complexity, nameof(Complexity));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Complexity, 10, nameof(Complexity));
        ArgumentOutOfRangeException.ThrowIfNegative(ExpectedPacketLossPercent, nameof(ExpectedPacketLossPercent));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ExpectedPacketLossPercent, 100, nameof(ExpectedPacketLossPercent));
    }
}
