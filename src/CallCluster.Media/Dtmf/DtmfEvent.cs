namespace CallCluster.Media.Dtmf;

/// <summary>A key press (or release) recovered from RFC 4733 packets or from in-band audio.</summary>
public readonly record struct DtmfEvent(DtmfEventKind Kind, char Digit, TimeSpan Duration);
