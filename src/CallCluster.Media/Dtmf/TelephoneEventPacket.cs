namespace CallCluster.Media.Dtmf;

/// <summary>What to put in the RTP header of a telephone-event packet from <see cref="TelephoneEventSender"/>.</summary>
/// <param name="Length">Payload bytes written.</param>
/// <param name="Marker">Set on the first packet of an event (RFC 4733 §2.5.1.1).</param>
/// <param name="Timestamp">The event's start timestamp, the same in every packet of the event.</param>
public readonly record struct TelephoneEventPacket(int Length, bool Marker, uint Timestamp);
