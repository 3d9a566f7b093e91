using System.Buffers;
using CallCluster.Media.Frames;

namespace CallCluster.Media.Jitter;

/// <summary>
/// Adaptive jitter buffer for one incoming RTP stream of 20 ms packets. <see cref="Push(uint, ushort, uint, TimeSpan, ReadOnlySpan{byte})"/>
/// stores packets in sequence order as they arrive; <see cref="Tick"/>, called once per 20 ms by the playout
/// clock, hands out exactly one frame's worth: a packet, a request to conceal, or silence.
/// <para>
/// The target delay follows the measured delay spread (peak transit time minus minimum, over a window of
/// packets) within the configured bounds. The buffer level is watched over a window of ticks: when it stays
/// two frames above target (a faster sender clock, or a burst that has passed) one packet is dropped; when it
/// stays below target (a slower sender clock) one concealed frame is inserted. So the delay stays bounded
/// under clock drift, and losses, reordering and duplicates are handled by sequence number.
/// </para>
/// Playout is driven by sequence number (one packet = one 20 ms frame), so senders must not use silence
/// suppression with sequence gaps. Not thread-safe: the RTP receive loop and the playout clock must share a
/// lock or a single thread. Allocation-free once each slot has held a payload.
/// </summary>
public sealed class JitterBuffer : IDisposable
{
    private const int HistorySize = 64;
    private const long NoPacket = long.MaxValue;

    private readonly JitterBufferOptions options;
    private readonly double clockRate;
    private readonly int capacity;
    private readonly int minFrames;
    private readonly int maxFrames;
    private readonly int initialFrames;

    private readonly long[] slotSequence;
    private readonly byte[]?[] slotData;
    private readonly int[] slotLength;

    private readonly long[] historySequence = new long[HistorySize];
    private readonly bool[] historyPlayed = new bool[HistorySize];

    private readonly double[] transits;
    private int transitCount;
    private int transitNext;

    private readonly int[] levels;
    private int levelCount;
    private int levelNext;

    private bool hasStream;
    private uint ssrc;
    private bool playing;
    private bool started;
    private int waitedTicks;
    private long nextSequence;
    private long highestSequence;
    private long lowestBuffered;
    private uint lastTimestamp;
    private long extendedTimestamp;
    private double lastTransit;
    private double jitterMilliseconds;
    private int targetFrames;
    private int underrunTicks;

    private long received, played, lost, late, duplicates, concealed, dropped, stretched, underruns, resets;

    /// <param name="clockRate">The codec's RTP clock rate (e.g. 8000 for PCMU and G.722, 48 000 for Opus).</param>
    public JitterBuffer(int clockRate, JitterBufferOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        this.options = options ?? new JitterBufferOptions();
        this.options.Validate();
        this.clockRate = clockRate;
        minFrames = Frames(this.options.MinDelay);
        maxFrames = Frames(this.options.MaxDelay);
        initialFrames = Frames(this.options.InitialDelay);

        // Room for the largest delay plus a burst arriving on top of it before the level check catches up.
        capacity = (maxFrames * 2) + 8;
        slotSequence = new long[capacity];
        slotData = new byte[capacity][];
        slotLength = new int[capacity];
        transits = new double[this.options.JitterWindowPackets];
        levels = new int[this.options.AdaptationWindowTicks];
        ClearStream();
    }

    public JitterBufferStatistics Statistics => new(
        received, played, lost, late, duplicates, concealed, dropped, stretched, underruns, resets,
        TimeSpan.FromMilliseconds(jitterMilliseconds),
        TimeSpan.FromMilliseconds(targetFrames * AudioFormat.FrameMilliseconds),
        TimeSpan.FromMilliseconds(Math.Max(0, BufferedFrames) * AudioFormat.FrameMilliseconds));

    private long BufferedFrames =>
        playing ? highestSequence - nextSequence + 1
        : lowestBuffered == NoPacket ? 0
        : highestSequence - lowestBuffered + 1;

    /// <summary>Stores a packet that arrived now (by <see cref="JitterBufferOptions.TimeProvider"/>).</summary>
    public JitterBufferPushResult Push(uint ssrc, ushort sequenceNumber, uint timestamp, ReadOnlySpan<byte> payload) =>
        Push(ssrc, sequenceNumber, timestamp, options.TimeProvider.GetElapsedTime(0), payload);

    /// <summary>Stores a packet with its RTP SSRC, sequence number and timestamp, and its arrival time on a monotonic clock.</summary>
    public JitterBufferPushResult Push(uint ssrc, ushort sequenceNumber, uint timestamp, TimeSpan arrival, ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty || payload.Length > options.MaxPayloadSize)
        {
            return JitterBufferPushResult.Invalid;
        }

        var reset = false;
        if (hasStream && ssrc != this.ssrc)
        {
            Restart();
            reset = true;
        }

        long sequence;
        if (!hasStream)
        {
            sequence = StartStream(ssrc, sequenceNumber, timestamp);
        }
        else
        {
            sequence = highestSequence + (short)(sequenceNumber - (ushort)highestSequence);
            if (sequence - highestSequence > capacity || highestSequence - sequence > 2 * capacity)
            {
                // A jump no reordering explains: the sender restarted its sequence (RFC 3550 A.1's probation, simplified).
                Restart();
                sequence = StartStream(ssrc, sequenceNumber, timestamp);
                reset = true;
            }
        }

        if (started && sequence < nextSequence)
        {
            var index = (int)(sequence % HistorySize);
            if (historySequence[index] == sequence && historyPlayed[index])
            {
                duplicates++;
                return JitterBufferPushResult.Duplicate;
            }

            late++;
            return JitterBufferPushResult.Late;
        }

        var slot = Slot(sequence);
        if (slotSequence[slot] == sequence)
        {
            duplicates++;
            return JitterBufferPushResult.Duplicate;
        }

        if (slotSequence[slot] > sequence)
        {
            // Only while buffering: an old straggler whose slot already holds newer audio.
            late++;
            return JitterBufferPushResult.Late;
        }

        MeasureTransit(timestamp, arrival, sequence > highestSequence);
        while (playing && sequence - nextSequence >= capacity)
        {
            // A burst beyond the buffer's room: make space by dropping the oldest frames.
            DropNext();
        }

        if (slotSequence[slot] >= 0)
        {
            dropped++;
        }

        Store(slot, sequence, payload);
        received++;
        highestSequence = Math.Max(highestSequence, sequence);
        if (!playing)
        {
            lowestBuffered = Math.Max(Math.Min(lowestBuffered, sequence), highestSequence - capacity + 1);
        }

        return reset ? JitterBufferPushResult.AcceptedAfterReset : JitterBufferPushResult.Accepted;
    }

    /// <summary>Takes the next 20 ms of playout. Call exactly once per 20 ms.</summary>
    public Playout Tick()
    {
        if (!playing)
        {
            if (BufferedFrames < targetFrames)
            {
                return new Playout(PlayoutKind.Silence, -1, default, default);
            }

            playing = true;
            started = true;
            nextSequence = lowestBuffered;
            levelCount = 0;
            waitedTicks = 0;
        }

        if (highestSequence < nextSequence)
        {
            return Underrun();
        }

        underrunTicks = 0;

        // Slots concealed while we waited for them, and still missing now that later audio is here, were lost:
        // their concealment has already played, so skip them rather than grow the delay.
        for (; waitedTicks > 0 && slotSequence[Slot(nextSequence)] != nextSequence; waitedTicks--)
        {
            Remember(nextSequence++, wasPlayed: false);
            lost++;
        }

        waitedTicks = 0;
        RecordLevel((int)(highestSequence - nextSequence + 1));
        if (levelCount == levels.Length)
        {
            var (lowest, highest) = LevelRange();
            if (lowest >= targetFrames + 2)
            {
                DropNext();
                levelCount = 0;
            }
            else if (highest < targetFrames)
            {
                stretched++;
                concealed++;
                levelCount = 0;
                return new Playout(PlayoutKind.Conceal, -1, default, default);
            }
        }

        var sequence = nextSequence++;
        var slot = Slot(sequence);
        if (slotSequence[slot] == sequence)
        {
            slotSequence[slot] = -1;
            Remember(sequence, wasPlayed: true);
            played++;
            return new Playout(PlayoutKind.Packet, sequence, slotData[slot].AsSpan(0, slotLength[slot]), default);
        }

        Remember(sequence, wasPlayed: false);
        lost++;
        concealed++;
        var nextSlot = Slot(nextSequence);
        var next = slotSequence[nextSlot] == nextSequence ? slotData[nextSlot].AsSpan(0, slotLength[nextSlot]) : default;
        return new Playout(PlayoutKind.Conceal, sequence, default, next);
    }

    /// <summary>Returns the payload buffers to the shared pool.</summary>
    public void Dispose()
    {
        for (var i = 0; i < capacity; i++)
        {
            if (slotData[i] is { } data)
            {
                ArrayPool<byte>.Shared.Return(data);
                slotData[i] = null;
            }
        }
    }

    private Playout Underrun()
    {
        if (++underrunTicks > maxFrames)
        {
            // The stream stopped (hold, end of talk, outage): go quiet and rebuffer from whatever arrives next.
            // The path may have changed meanwhile, so delay measurements start afresh too.
            playing = false;
            lowestBuffered = NoPacket;
            waitedTicks = 0;
            transitCount = 0;
            transitNext = 0;
            targetFrames = initialFrames;
            return new Playout(PlayoutKind.Silence, -1, default, default);
        }

        // Nothing after the next packet has arrived, so it is more likely late than lost: conceal and wait for it.
        underruns++;
        concealed++;
        waitedTicks++;
        return new Playout(PlayoutKind.Conceal, -1, default, default);
    }

    private static int Frames(TimeSpan delay) => (int)Math.Ceiling(delay.TotalMilliseconds / AudioFormat.FrameMilliseconds);

    private int Slot(long sequence) => (int)(sequence % capacity);

    /// <summary>Starts extended sequence numbers one wrap above zero, so packets reordered before the first stay positive.</summary>
    private long StartStream(uint streamSsrc, ushort sequenceNumber, uint timestamp)
    {
        hasStream = true;
        ssrc = streamSsrc;
        highestSequence = ushort.MaxValue + 1L + sequenceNumber;
        lowestBuffered = highestSequence;
        lastTimestamp = timestamp;
        extendedTimestamp = 0;
        return highestSequence;
    }

    private void Restart()
    {
        resets++;
        ClearStream();
    }

    private void ClearStream()
    {
        Array.Fill(slotSequence, -1);
        Array.Fill(historySequence, -1);
        hasStream = false;
        playing = false;
        started = false;
        waitedTicks = 0;
        lowestBuffered = NoPacket;
        transitCount = 0;
        transitNext = 0;
        levelCount = 0;
        levelNext = 0;
        underrunTicks = 0;
        targetFrames = initialFrames;
    }

    private void Store(int slot, long sequence, ReadOnlySpan<byte> payload)
    {
        var data = slotData[slot];
        if (data is null || data.Length < payload.Length)
        {
            if (data is not null)
            {
                ArrayPool<byte>.Shared.Return(data);
            }

            data = ArrayPool<byte>.Shared.Rent(payload.Length);
            slotData[slot] = data;
        }

        payload.CopyTo(data);
        slotLength[slot] = payload.Length;
        slotSequence[slot] = sequence;
    }

    private void DropNext()
    {
        var slot = Slot(nextSequence);
        if (slotSequence[slot] == nextSequence)
        {
            slotSequence[slot] = -1;
            dropped++;
        }

        Remember(nextSequence, wasPlayed: false);
        nextSequence++;
    }

    private void Remember(long sequence, bool wasPlayed)
    {
        var index = (int)(sequence % HistorySize);
        historySequence[index] = sequence;
        historyPlayed[index] = wasPlayed;
    }

    private void MeasureTransit(uint timestamp, TimeSpan arrival, bool newest)
    {
        var timestampMilliseconds = (extendedTimestamp + (int)(timestamp - lastTimestamp)) * 1000.0 / clockRate;
        if (newest)
        {
            extendedTimestamp += (int)(timestamp - lastTimestamp);
            lastTimestamp = timestamp;
        }

        // Transit time up to the unknown offset between the clocks: only its spread and changes matter.
        var transit = arrival.TotalMilliseconds - timestampMilliseconds;
        if (transitCount > 0)
        {
            jitterMilliseconds += (Math.Abs(transit - lastTransit) - jitterMilliseconds) / 16;
        }

        lastTransit = transit;
        transits[transitNext] = transit;
        transitNext = (transitNext + 1) % transits.Length;
        transitCount = Math.Min(transitCount + 1, transits.Length);
        if (transitCount >= 2)
        {
            double min = double.MaxValue, max = double.MinValue;
            for (var i = 0; i < transitCount; i++)
            {
                min = Math.Min(min, transits[i]);
                max = Math.Max(max, transits[i]);
            }

            // One frame for the packet being played plus enough frames to cover the worst delay seen.
            var frames = 1 + (int)Math.Ceiling((max - min) / AudioFormat.FrameMilliseconds);
            targetFrames = Math.Clamp(frames, minFrames, maxFrames);
        }
    }

    private void RecordLevel(int level)
    {
        levels[levelNext] = level;
        levelNext = (levelNext + 1) % levels.Length;
        levelCount = Math.Min(levelCount + 1, levels.Length);
    }

    private (int Lowest, int Highest) LevelRange()
    {
        int lowest = int.MaxValue, highest = int.MinValue;
        for (var i = 0; i < levelCount; i++)
        {
            lowest = Math.Min(lowest, levels[i]);
            highest = Math.Max(highest, levels[i]);
        }

        return (lowest, highest);
    }
}
