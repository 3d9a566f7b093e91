namespace CallCluster.Media.Dtmf;

/// <summary>
/// Reassembles RFC 4733 packets into key presses. All packets of one event share its RTP timestamp; the
/// sender repeats updates every packet interval and sends the end packet three times. Reports each press
/// once as <see cref="DtmfEventKind.Started"/> and once as <see cref="DtmfEventKind.Ended"/>, even when the
/// start or all end packets were lost (a new event's timestamp ends the previous one). Not thread-safe.
/// </summary>
public sealed class TelephoneEventReceiver
{
    private readonly int clockRate;
    private bool active;
    private bool ended;
    private uint eventTimestamp;
    private byte eventCode;
    private ushort lastDuration;

    /// <param name="clockRate">The telephone-event clock rate from SDP (8000 unless negotiated otherwise).</param>
    public TelephoneEventReceiver(int clockRate = 8000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        this.clockRate = clockRate;
    }

    /// <summary>
    /// Feeds one packet's RTP timestamp and payload; reports up to two events (the previous press ending
    /// when its end packets were lost, and this packet's start or end) through <paramref name="report"/>.
    /// Returns false for a payload that is not a telephone event.
    /// </summary>
    public bool Receive(uint rtpTimestamp, ReadOnlySpan<byte> payload, Action<DtmfEvent> report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!TelephoneEvent.TryRead(payload, out var telephoneEvent) || !DtmfDigits.TryFromEvent(telephoneEvent.Event, out var digit))
        {
            return false;
        }

        var isNewEvent = !active || rtpTimestamp != eventTimestamp;
        if (isNewEvent)
        {
            if (active && IsOlder(rtpTimestamp, eventTimestamp))
            {
                // A straggler of an event already closed: ignore it.
                return true;
            }

            if (active && !ended)
            {
                // The previous press's end packets never came: close it with the last duration seen.
                report(new DtmfEvent(DtmfEventKind.Ended, Digit(eventCode), ToTime(lastDuration)));
            }

            active = true;
            ended = false;
            eventTimestamp = rtpTimestamp;
            eventCode = telephoneEvent.Event;
            lastDuration = 0;
            report(new DtmfEvent(DtmfEventKind.Started, digit, TimeSpan.Zero));
        }

        if (ended)
        {
            // Redundant end packet.
            return true;
        }

        lastDuration = Math.Max(lastDuration, telephoneEvent.Duration);
        if (telephoneEvent.End)
        {
            ended = true;
            report(new DtmfEvent(DtmfEventKind.Ended, digit, ToTime(lastDuration)));
        }

        return true;
    }

    private static bool IsOlder(uint timestamp, uint reference) => (int)(timestamp - reference) < 0;

    private static char Digit(byte code) => DtmfDigits.TryFromEvent(code, out var digit) ? digit : '?';

    private TimeSpan ToTime(ushort duration) => TimeSpan.FromSeconds((double)duration / clockRate);
}
