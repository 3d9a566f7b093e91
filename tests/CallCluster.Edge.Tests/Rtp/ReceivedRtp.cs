namespace CallCluster.Edge.Tests.Rtp;

/// <summary>One RTP packet as it arrived.</summary>
internal sealed record ReceivedRtp(ushort Sequence, uint Timestamp, bool Marker, byte PayloadType, byte[] Payload);
