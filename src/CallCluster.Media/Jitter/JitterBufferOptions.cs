namespace CallCluster.Media.Jitter;

/// <summary>Bounds and adaptation speed of a <see cref="JitterBuffer"/>. Delays are rounded up to whole 20 ms frames.</summary>
public sealed record JitterBufferOptions
{
    /// <summary>Smallest playout delay. Default 40 ms: even a clean LAN path has a few ms of scheduling jitter.</summary>
    public TimeSpan MinDelay { get; init; } = TimeSpan.FromMilliseconds(40);

    /// <summary>Largest playout delay. Default 300 ms: beyond this a conversation feels broken, so late audio is better lost.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Delay used until jitter has been measured. Default 60 ms: typical of public-internet SIP trunks.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(60);

    /// <summary>
    /// Packets over which the delay spread (jitter peak) is measured. Default 100 (2 s): long enough to remember
    /// a burst for a while, short enough to shrink the delay again within seconds once the network calms.
    /// </summary>
    public int JitterWindowPackets { get; init; } = 100;

    /// <summary>
    /// Ticks the buffer level is watched before one frame is dropped or stretched. Default 25 (0.5 s): a 0.5 % clock
    /// drift builds one frame of error every 4 s, so this corrects it long before it is audible, without reacting
    /// to single bursts.
    /// </summary>
    public int AdaptationWindowTicks { get; init; } = 25;

    /// <summary>Largest payload stored, in bytes. Default 1500: one Ethernet MTU holds any 20 ms audio payload.</summary>
    public int MaxPayloadSize { get; init; } = 1500;

    /// <summary>Clock for <see cref="JitterBuffer.Push(uint, ushort, uint, ReadOnlySpan{byte})"/>'s arrival time. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (MinDelay <= TimeSpan.Zero || MaxDelay < MinDelay || InitialDelay < MinDelay || InitialDelay > MaxDelay)
        {
            throw new ArgumentException($"Jitter buffer delays must satisfy 0 < MinDelay ({MinDelay.TotalMilliseconds} ms) <= InitialDelay ({InitialDelay.TotalMilliseconds} ms) <= MaxDelay ({MaxDelay.TotalMilliseconds} ms).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(JitterWindowPackets, 2, nameof(JitterWindowPackets));
        ArgumentOutOfRangeException.ThrowIfLessThan(AdaptationWindowTicks, 2, nameof(AdaptationWindowTicks));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxPayloadSize, nameof(MaxPayloadSize));
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
