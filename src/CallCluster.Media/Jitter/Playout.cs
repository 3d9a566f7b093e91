namespace CallCluster.Media.Jitter;

/// <summary>One tick's output. The spans point into the buffer and stay valid until its next Push or Tick.</summary>
public readonly ref struct Playout
{
    internal Playout(PlayoutKind kind, long sequenceNumber, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> nextPayload)
    {
        Kind = kind;
        SequenceNumber = sequenceNumber;
        Payload = payload;
        NextPayload = nextPayload;
    }

    public PlayoutKind Kind { get; }

    /// <summary>Extended (wrap-free) RTP sequence number of this slot, comparable within one stream; -1 for <see cref="PlayoutKind.Silence"/> and stretch frames.</summary>
    public long SequenceNumber { get; }

    /// <summary>The payload to decode, for <see cref="PlayoutKind.Packet"/>.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>For a lost packet, the next packet's payload if it is already here (its FEC can rebuild this one).</summary>
    public ReadOnlySpan<byte> NextPayload { get; }
}
