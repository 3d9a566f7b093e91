using CallCluster.Media.Jitter;

namespace CallCluster.Media.Tests.Jitter;

/// <summary>
/// A sender, a network and a receiver's playout clock on one simulated timeline. The sender emits one
/// 20 ms packet per period of its own clock (which may drift against ours); the network delays, drops,
/// duplicates and reorders them; the receiver ticks the buffer every 20 ms of its clock.
/// </summary>
internal sealed class NetworkSimulation
{
    public const int ClockRate = 8000;

    public double DriftPercent { get; init; }

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(30);

    public Func<int, TimeSpan> ExtraDelay { get; init; } = _ => TimeSpan.Zero;

    public Func<int, bool> Lost { get; init; } = _ => false;

    public Func<int, bool> Duplicated { get; init; } = _ => false;

    public ushort FirstSequence { get; init; } = 1000;

    public uint Ssrc { get; init; } = 0x1234;

    public List<(PlayoutKind Kind, long Sequence, int Tick, bool HasNext)> Output { get; } = [];

    public List<int> BufferedFramesPerTick { get; } = [];

    public List<JitterBufferPushResult> PushResults { get; } = [];

    /// <summary>Counters when the last packet the sender sent was played, before the end of stream underruns.</summary>
    public JitterBufferStatistics? AtLastPacket { get; private set; }

    /// <summary>Ticks up to the one that played the last packet.</summary>
    public IEnumerable<(PlayoutKind Kind, long Sequence, int Tick, bool HasNext)> UntilLastPacket =>
        Output.TakeWhile(o => AtLastPacketTick is null || o.Tick <= AtLastPacketTick);

    private int? AtLastPacketTick { get; set; }

    public void Run(JitterBuffer buffer, int packets, int extraTicks = 20)
    {
        var period = 20.0 / (1 + (DriftPercent / 100));
        var arrivals = new List<(double At, int Index)>();
        for (var i = 0; i < packets; i++)
        {
            if (Lost(i))
            {
                continue;
            }

            var at = (i * period) + BaseDelay.TotalMilliseconds + ExtraDelay(i).TotalMilliseconds;
            arrivals.Add((at, i));
            if (Duplicated(i))
            {
                arrivals.Add((at + 1, i));
            }
        }

        arrivals.Sort((a, b) => a.At.CompareTo(b.At));
        var next = 0;
        var ticks = (int)(((packets * period) + BaseDelay.TotalMilliseconds) / 20) + extraTicks;
        var payload = new byte[160];
        for (var tick = 0; tick < ticks; tick++)
        {
            var now = tick * 20.0;
            while (next < arrivals.Count && arrivals[next].At <= now)
            {
                var index = arrivals[next].Index;
                payload[0] = (byte)index;
                PushResults.Add(buffer.Push(Ssrc, (ushort)(FirstSequence + index), (uint)(index * 160), TimeSpan.FromMilliseconds(arrivals[next].At), payload));
                next++;
            }

            var playout = buffer.Tick();
            if (playout.Kind == PlayoutKind.Packet)
            {
                Assert.Equal(160, playout.Payload.Length);
            }

            Output.Add((playout.Kind, playout.SequenceNumber, tick, !playout.NextPayload.IsEmpty));
            if (playout.Kind == PlayoutKind.Packet && (ushort)playout.SequenceNumber == (ushort)(FirstSequence + packets - 1))
            {
                AtLastPacket = buffer.Statistics;
                AtLastPacketTick = tick;
            }
            BufferedFramesPerTick.Add((int)(buffer.Statistics.BufferedDelay.TotalMilliseconds / 20));
        }
    }

    /// <summary>The RTP sequence numbers (16-bit) played from packets, in playout order.</summary>
    public List<ushort> PlayedSequences() =>
        [.. Output.Where(o => o.Kind == PlayoutKind.Packet).Select(o => (ushort)o.Sequence)];
}
