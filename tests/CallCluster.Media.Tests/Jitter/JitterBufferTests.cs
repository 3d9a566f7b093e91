using CallCluster.Media.Jitter;
using FsCheck;
using FsCheck.Fluent;

namespace CallCluster.Media.Tests.Jitter;

public sealed class JitterBufferTests
{
    private static readonly JitterBufferOptions Options = new();

    [Fact]
    public void A_clean_stream_plays_every_packet_in_order_after_the_initial_delay()
    {
        using var buffer = new JitterBuffer(NetworkSimulation.ClockRate, Options);
        var simulation = new NetworkSimulation();

        simulation.Run(buffer, packets: 500);

        Assert.Equal(Enumerable.Range(1000, 500).Select(i => (ushort)i), simulation.PlayedSequences());
        var stats = simulation.AtLastPacket!.Value;
        Assert.Equal(0, stats.Lost);
        Assert.Equal(0, stats.Late);
        Assert.Equal(0, stats.Dropped);
        Assert.Equal(TimeSpan.FromMilliseconds(40), stats.TargetDelay);

        // The first packet arrives at 30 ms; playout starts once the target's two frames are buffered.
        var firstPlayed = simulation.Output.First(o => o.Kind == PlayoutKind.Packet).Tick;
        Assert.InRange(firstPlayed, 2, 4);
    }

    [Fact]
    public void Reordered_packets_play_in_sequence_order()
    {
        using var buffer = new JitterBuffer(NetworkSimulation.ClockRate, Options);

        // Every odd packet overtakes its predecessor.
        var simulation = new NetworkSimulation { ExtraDelay = i => TimeSpan.FromMilliseconds(i % 2 == 0 ? 25 : 0) };
        simulation.Run(buffer, packets: 500);

        Assert.Equal(Enumerable.Range(1000, 500).Select(i => (ushort)i), simulation.PlayedSequences());
        Assert.Equal(0, buffer.Statistics.Late);
        Assert.Equal(0, buffer.Statistics.Lost);
    }

    [Fact]
    public void Duplicates_are_dropped_whether_still_buffered_or_already_played()
    {
        using var buffer = new JitterBuffer(NetworkSimulation.ClockRate, Options);
        var simulation = new NetworkSimulation { Duplicated = i => i % 3 == 0 };

        simulation.Run(buffer, packets: 300);

        Assert.Equal(Enumerable.Range(1000, 300).Select(i => (ushort)i), simulation.PlayedSequences());
        Assert.Equal(100, buffer.Statistics.Duplicates);
        Assert.Equal(100, simulation.PushResults.Count(r => r == JitterBufferPushResult.Duplicate));

        // A copy of an already played packet, arriving much later, is still a duplicate, not "late".
        Assert.Equal(JitterBufferPushResult.Duplicate, buffer.Push(0x1234, 1290, 290 * 160, TimeSpan.FromSeconds(7), [1]));
    }

    [Fact]
    public void Lost_packets_are_concealed_in_their_slot_with_the_next_payload_for_FEC()
    {
        using var buffer = new JitterBuffer(NetworkSimulation.ClockRate, Options);
        var lost = new HashSet<int> { 50, 120, 121, 300 };
        var simulation = new NetworkSimulation { Lost = lost.Contains };

        simulation.Run(buffer, packets: 400);

        var stats = simulation.AtLastPacket!.Value;
        Assert.Equal(4, stats.Lost);
        Assert.Equal(4, stats.Concealed);
        Assert.Equal(0, stats.Dropped);
        Assert.Equal(396, simulation.PlayedSequences().Count);

        // When 120 is due nothing after it has arrived, so the buffer waits (an unnumbered concealment); once
        // 122 arrives that wait is counted as 120's concealment and 121 is concealed in its slot.
        var concealed = simulation.UntilLastPacket.Where(o => o.Kind == PlayoutKind.Conceal).ToList();
        Assert.Equal([1050, -1, 1121, 1300], concealed.Select(o => o.Sequence < 0 ? -1 : (int)(ushort)o.Sequence));
        Assert.Equal(1, stats.Underruns);

        // The next packet rides along for FEC.
        Assert.Equal([true, false, true, true], concealed.Select(o => o.HasNext));
    }

    [Fact]
    public void A_packet_arriving_after_its_slot_is_counted_late_and_dropped()
    {
        using var buffer = new JitterBuffer(NetworkSimulation.ClockRate, Options with { MaxDelay = TimeSpan.FromMilliseconds(100) });

        // Packet 200 is stuck for 400 ms: longer than the largest delay allowed.
        var simulation = new NetworkSimulation { ExtraDelay = i => TimeSpan.FromMilliseconds(i == 200 ? 400 : 0) };
        simulation.Run(buffer, packets: 300);

        Assert.Equal(1, buffer.Statistics.Lost);
        Assert.Equal(1, buffer.Statistics.Late);
        Assert.Contains(JitterBufferPushResult.Late, simulation.PushResults);
        Assert.DoesNotContain((ushort)1200, simulation.PlayedSequences());
    }

    [Fact]
    public void Jitter_bursts_grow_the_delay_so_later_bursts_play_without_loss()
    {
        using var buffer = new JitterBuffer(NetworkSimulation.ClockRate, Options);

        // Every 2 s the network stalls for 120 ms and then delivers the held packets at once.
        static TimeSpan Burst(int i)
        {
            var inCycle = i % 100;
            return inCycle is >= 50 and < 56 ? TimeSpan.FromMilliseconds(120 - ((inCycle - 50) * 20)) : TimeSpan.Zero;
        }

        var simulation = new NetworkSimulation { ExtraDelay = Burst };
        simulation.Run(buffer, packets: 1000);

        var stats = buffer.Statistics;
        Assert.InRange(stats.TargetDelay.TotalMilliseconds, 140, 160);

        // The first burst hits a 60 ms buffer; afterwards the buffer holds enough to ride them out.
        var concealedAfterFirstBurst = simulation.UntilLastPacket.Count(o => o.Kind == PlayoutKind.Conceal && o.Tick > 110);
        Assert.Equal(0, concealedAfterFirstBurst);
        Assert.Equal(0, stats.Late);
        Assert.Equal(0, stats.Lost);
        Assert.True(stats.Jitter > TimeSpan.Zero);
    }

    [Fact]
    public void After_the_network_calms_the_delay_shrinks_back_towards_the_minimum()
    {
        using var buffer = new JitterBuffer(NetworkSimulation.ClockRate, Options);
        var random = new Random(7);
        var jitter = Enumerable.Range(0, 1500).Select(i => i < 300 ? random.Next(0, 100) : 0).ToArray();
        var simulation = new NetworkSimulation { ExtraDelay = i => TimeSpan.FromMilliseconds(jitter[i]) };

        simulation.Run(buffer, packets: 1500);

        var stats = simulation.AtLastPacket!.Value;
        Assert.Equal(TimeSpan.FromMilliseconds(40), stats.TargetDelay);
        Assert.InRange(simulation.BufferedFramesPerTick[^30], 1, 4);
        Assert.True(stats.Dropped > 0, "shrinking the delay drops frames");

        // Shrinking never makes a packet late once the network is calm (the jittery start may).
        Assert.DoesNotContain(JitterBufferPushResult.Late, simulation.PushResults.Skip(400));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-0.5)]
    public void Clock_drift_keeps_the_buffer_bounded(double driftPercent)
    {
        using var buffer = new JitterBuffer(NetworkSimulation.ClockRate, Options);
        var random = new Random(11);
        var jitter = Enumerable.Range(0, 6000).Select(_ => random.Next(0, 15)).ToArray();
        var simulation = new NetworkSimulation { DriftPercent = driftPercent, ExtraDelay = i => TimeSpan.FromMilliseconds(jitter[i]) };

        // Two minutes: 0.5 % of that is 600 ms, far more than the buffer would hold without correction.
        simulation.Run(buffer, packets: 6000);

        var stats = simulation.AtLastPacket!.Value;
        var steady = simulation.BufferedFramesPerTick.Skip(100).SkipLast(30).ToList();
        Assert.InRange(steady.Max(), 1, 5);
        Assert.Equal(0, stats.Late);
        if (driftPercent > 0)
        {
            Assert.InRange(stats.Dropped, 20, 40);
            Assert.InRange(stats.Stretched, 0, 2); // while the first jitter is measured
        }
        else
        {
            Assert.InRange(stats.Stretched + stats.Underruns, 20, 40);
            Assert.Equal(0, stats.Dropped);
        }

        // Played packets stay in order whatever was dropped or stretched.
        var played = simulation.Output.Where(o => o.Kind == PlayoutKind.Packet).Select(o => o.Sequence).ToList();
        Assert.Equal(played.Order(), played);
    }

    [Fact]
    public void A_new_SSRC_restarts_the_buffer()
    {
        using var buffer = new JitterBuffer(NetworkSimulation.ClockRate, Options);
        new NetworkSimulation().Run(buffer, packets: 100, extraTicks: 0);

        var second = new NetworkSimulation { Ssrc = 0xBEEF, FirstSequence = 40_000 };
        second.Run(buffer, packets: 100);

        Assert.Equal(JitterBufferPushResult.AcceptedAfterReset, second.PushResults[0]);
        Assert.Equal(1, buffer.Statistics.Resets);
        Assert.Equal(Enumerable.Range(40_000, 100).Select(i => (ushort)i), second.PlayedSequences().Where(s => s >= 40_000));
    }

    [Fact]
    public void Sequence_numbers_wrap_around()
    {
        using var buffer = new JitterBuffer(NetworkSimulation.ClockRate, Options);
        var simulation = new NetworkSimulation { FirstSequence = 65_500, ExtraDelay = i => TimeSpan.FromMilliseconds(i % 2 == 0 ? 25 : 0) };

        simulation.Run(buffer, packets: 100);

        Assert.Equal(Enumerable.Range(65_500, 100).Select(i => (ushort)i), simulation.PlayedSequences());
        Assert.Equal(0, buffer.Statistics.Resets);
    }

    [Fact]
    public void A_stream_that_stops_goes_silent_and_rebuffers_when_it_returns()
    {
        using var buffer = new JitterBuffer(NetworkSimulation.ClockRate, Options);
        var simulation = new NetworkSimulation { ExtraDelay = i => TimeSpan.FromMilliseconds(i >= 100 ? 2000 : 0) };

        simulation.Run(buffer, packets: 200, extraTicks: 150);

        Assert.Contains(simulation.Output.Skip(120), o => o.Kind == PlayoutKind.Silence);
        Assert.Equal(Enumerable.Range(1000, 200).Select(i => (ushort)i), simulation.PlayedSequences());

        // The 2 s step in transit time is a new path, not jitter: the delay is measured afresh, not inflated.
        Assert.Equal(0, simulation.AtLastPacket!.Value.Dropped);
        Assert.Equal(TimeSpan.FromMilliseconds(40), simulation.AtLastPacket!.Value.TargetDelay);
    }

    [Fact]
    public void Arrival_times_can_come_from_a_TimeProvider()
    {
        var clock = new CallCluster.Testing.ManualTimeProvider();
        using var buffer = new JitterBuffer(8000, Options with { TimeProvider = clock });
        var payload = new byte[160];

        // Steady packets, then a 120 ms stall after which six packets arrive at once.
        for (var i = 0; i < 60; i++)
        {
            // Packet 50 comes 120 ms late; 51-55 were queued behind it and arrive together with it.
            if (i is < 51 or > 55)
            {
                clock.Advance(TimeSpan.FromMilliseconds(i == 50 ? 140 : 20));
            }

            Assert.Equal(JitterBufferPushResult.Accepted, buffer.Push(9, (ushort)i, (uint)(i * 160), payload));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(140), buffer.Statistics.TargetDelay);
    }

    [Fact]
    public void Empty_and_oversized_payloads_are_refused()
    {
        using var buffer = new JitterBuffer(8000, Options with { MaxPayloadSize = 200 });

        Assert.Equal(JitterBufferPushResult.Invalid, buffer.Push(1, 1, 0, TimeSpan.Zero, []));
        Assert.Equal(JitterBufferPushResult.Invalid, buffer.Push(1, 1, 0, TimeSpan.Zero, new byte[201]));
        Assert.Equal(0, buffer.Statistics.Received);
    }

    [Fact]
    public void Bad_options_are_refused() =>
        Assert.Throws<ArgumentException>(() => new JitterBuffer(8000, Options with { MinDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromMilliseconds(100) }));

    [Fact]
    public void Any_arrival_order_plays_each_packet_at_most_once_and_in_order() =>
        Prop.ForAll<int[], int>((delays, seed) =>
        {
            using var buffer = new JitterBuffer(NetworkSimulation.ClockRate, Options);
            var random = new Random(seed);
            var simulation = new NetworkSimulation
            {
                ExtraDelay = i => TimeSpan.FromMilliseconds(delays.Length == 0 ? 0 : Math.Abs(delays[i % delays.Length] % 400)),
                Lost = _ => random.Next(10) == 0,
                Duplicated = _ => random.Next(10) == 0,
            };
            simulation.Run(buffer, packets: 200, extraTicks: 40);

            var played = simulation.Output.Where(o => o.Kind == PlayoutKind.Packet).Select(o => o.Sequence).ToList();
            var stats = buffer.Statistics;
            return played.Distinct().Count() == played.Count
                && played.Order().SequenceEqual(played)
                && stats.Played == played.Count
                && stats.Received == stats.Played + stats.Dropped;
        }).QuickCheckThrowOnFailure();
}
