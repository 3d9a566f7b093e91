using CallCluster.Sip.Rtp;

namespace CallCluster.Sip.Tests.Rtp;

public sealed class ReceiverStatisticsTests
{
    [Fact]
    public void Source_is_validated_after_probation_and_wraps_sequence_numbers()
    {
        var stats = new RtpReceiverStatistics(65530);

        var counted = Enumerable.Range(0, 12).Select(i => stats.Update((ushort)(65530 + i), (uint)(i * 160), (uint)(i * 160))).ToList();

        Assert.Equal([false, true, true, true, true, true, true, true, true, true, true, true], counted);
        Assert.Equal(0x0001_0005u, stats.ExtendedHighestSequence); // one wrap, highest 65541 mod 65536 = 5
        Assert.Equal(11u, stats.Received);
        Assert.Equal(0, stats.CumulativeLost);
    }

    [Fact]
    public void Loss_is_cumulative_and_fraction_is_per_interval()
    {
        var stats = Validated(100);
        foreach (var seq in new ushort[] { 102, 103, 105, 106, 107, 108, 109, 110 })
        {
            stats.Update(seq, 0, 0);
        }

        // Base 101 .. highest 110: 10 expected, 9 received (101 and the 8 above), 104 missing.
        Assert.Equal(1, stats.CumulativeLost);
        Assert.Equal((byte)(256 / 10), stats.TakeFractionLost());

        foreach (var seq in new ushort[] { 111, 112, 115, 116 })
        {
            stats.Update(seq, 0, 0);
        }

        var block = stats.CreateReportBlock(7, 0, 0);
        Assert.Equal(3, block.CumulativeLost);
        Assert.Equal((byte)((2 << 8) / 6), block.FractionLost);
        Assert.Equal(116u, block.ExtendedHighestSequence);
    }

    [Fact]
    public void Duplicates_count_as_received_so_loss_can_be_negative()
    {
        var stats = Validated(10);

        stats.Update(12, 0, 0);
        stats.Update(12, 0, 0);

        Assert.Equal(-1, stats.CumulativeLost);
        Assert.Equal(0, stats.TakeFractionLost());
    }

    [Fact]
    public void Jitter_is_zero_for_steady_arrival_and_follows_the_A8_estimator()
    {
        var steady = new RtpReceiverStatistics(0);
        for (ushort i = 0; i < 50; i++)
        {
            steady.Update(i, i * 160u, (i * 160u) + 1000);
        }

        Assert.Equal(0u, steady.Jitter);

        var bursty = new RtpReceiverStatistics(0);
        var expected = 0.0;
        long? lastTransit = null;
        for (ushort i = 0; i < 40; i++)
        {
            var arrival = (i * 160u) + (i % 2 == 0 ? 0u : 80u);
            if (bursty.Update(i, i * 160u, arrival))
            {
                long transit = arrival - (i * 160u);
                if (lastTransit is { } last)
                {
                    expected += (Math.Abs(transit - last) - expected) / 16;
                }

                lastTransit = transit;
            }
        }

        Assert.Equal((uint)expected, bursty.Jitter);
        Assert.InRange(bursty.Jitter, 70u, 80u); // converges towards |D| = 80
    }

    [Fact]
    public void A_big_jump_is_accepted_only_when_the_next_packet_follows()
    {
        var stats = Validated(1000);

        Assert.False(stats.Update(40000, 0, 0));
        Assert.True(stats.Update(40001, 0, 0));

        Assert.Equal(40001u, stats.ExtendedHighestSequence);
        Assert.Equal(0, stats.CumulativeLost);
    }

    private static RtpReceiverStatistics Validated(ushort first)
    {
        var stats = new RtpReceiverStatistics(first);
        stats.Update(first, 0, 0);
        stats.Update((ushort)(first + 1), 0, 0);
        return stats;
    }
}
