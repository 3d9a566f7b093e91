using CallCluster.Media.Frames;

namespace CallCluster.Media.Dtmf;

/// <summary>
/// Schedules RFC 4733 packets for queued digits, one packet per 20 ms media tick: a marked start packet,
/// updates with growing duration, the end packet sent three times (as §2.5.1.4 recommends against loss),
/// then a pause before the next digit. While it has nothing to send, the caller sends audio. Not thread-safe.
/// </summary>
public sealed class TelephoneEventSender
{
    private const int EndRepeats = 3;

    private readonly Queue<char> pending = new();
    private readonly int clockRate;
    private readonly int ticksPerEvent;
    private readonly int pauseTicks;
    private readonly byte volume;
    private readonly int unitsPerTick;

    private byte eventCode;
    private uint eventTimestamp;
    private int tick;
    private int endsSent;
    private int pauseLeft;
    private bool inEvent;

    /// <param name="clockRate">telephone-event clock rate from SDP. Default 8000.</param>
    /// <param name="toneDuration">Default 100 ms per digit: reliably accepted by IVRs and gateways.</param>
    /// <param name="pause">Default 100 ms between digits (sent as audio), so a gateway sees separate presses.</param>
    /// <param name="volume">Power in -dBm0 (0–63). Default 10, a typical DTMF level.</param>
    public TelephoneEventSender(int clockRate = 8000, TimeSpan? toneDuration = null, TimeSpan? pause = null, byte volume = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(volume, (byte)63);
        var duration = toneDuration ?? TimeSpan.FromMilliseconds(100);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.FromMilliseconds(40), nameof(toneDuration));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(duration, TimeSpan.FromSeconds(5), nameof(toneDuration));
        this.clockRate = clockRate;
        this.volume = volume;
        unitsPerTick = clockRate / 50;
        ticksPerEvent = (int)Math.Ceiling(duration.TotalMilliseconds / 20);
        pauseTicks = (int)Math.Ceiling((pause ?? TimeSpan.FromMilliseconds(100)).TotalMilliseconds / 20);
    }

    /// <summary>True while digits are queued, sounding or in the pause after one.</summary>
    public bool IsBusy => inEvent || pauseLeft > 0 || pending.Count > 0;

    /// <summary>Queues digits (0-9, *, #, A-D); the whole string is checked before any is queued.</summary>
    public void Enqueue(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        foreach (var digit in digits)
        {
            _ = DtmfDigits.ToEvent(digit);
        }

        foreach (var digit in digits)
        {
            pending.Enqueue(digit);
        }
    }

    /// <summary>
    /// Called once per 20 ms media tick with the RTP timestamp this tick's packet would carry. Writes a
    /// telephone-event payload and returns true, or returns false when this tick should carry audio.
    /// </summary>
    public bool TryNext(uint currentTimestamp, Span<byte> payload, out TelephoneEventPacket packet)
    {
        packet = default;
        if (!inEvent)
        {
            if (pauseLeft > 0)
            {
                pauseLeft--;
                return false;
            }

            if (!pending.TryDequeue(out var digit))
            {
                return false;
            }

            inEvent = true;
            eventCode = DtmfDigits.ToEvent(digit);
            eventTimestamp = currentTimestamp;
            tick = 0;
            endsSent = 0;
        }

        tick++;
        var finished = tick >= ticksPerEvent;
        var duration = (ushort)Math.Min(Math.Min(tick, ticksPerEvent) * unitsPerTick, ushort.MaxValue);
        var length = new TelephoneEvent(eventCode, finished, volume, duration).Write(payload);
        packet = new TelephoneEventPacket(length, Marker: tick == 1, eventTimestamp);
        if (finished && ++endsSent == EndRepeats)
        {
            inEvent = false;
            pauseLeft = pauseTicks;
        }

        return true;
    }

    /// <summary>The RTP clock rate the durations are counted in.</summary>
    public int ClockRate => clockRate;

    /// <summary>
    /// How long <paramref name="digits"/> keep a sender with the default timing busy on the line: from the tick of the
    /// first event packet to that of the last key's final end packet (the pause after it is not counted). Counted by
    /// running a sender, so it always follows <see cref="TryNext"/>'s schedule.
    /// </summary>
    public static TimeSpan WireTime(string digits)
    {
        var sender = new TelephoneEventSender();
        sender.Enqueue(digits);
        Span<byte> payload = stackalloc byte[TelephoneEvent.PayloadSize];
        int ticks = 0, lastEventTick = 0;
        while (sender.IsBusy)
        {
            ticks++;
            if (sender.TryNext(0, payload, out _))
            {
                lastEventTick = ticks;
            }
        }

        return lastEventTick * AudioFormat.FrameDuration;
    }
}
