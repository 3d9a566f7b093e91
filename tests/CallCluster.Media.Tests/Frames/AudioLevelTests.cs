using CallCluster.Media.Frames;

namespace CallCluster.Media.Tests.Frames;

public sealed class AudioLevelTests
{
    [Fact]
    public void A_block_at_full_scale_is_0_dbfs_and_a_square_wave_at_half_scale_6_db_below()
    {
        var full = Enumerable.Repeat(short.MinValue, 320).ToArray();
        var half = Enumerable.Range(0, 320).Select(i => i % 2 == 0 ? (short)16384 : (short)-16384).ToArray();

        Assert.Equal(0, AudioLevel.Dbfs(full), precision: 6);
        Assert.Equal(-6.02, AudioLevel.Dbfs(half), precision: 2);
    }

    [Fact]
    public void Digital_silence_and_an_empty_block_are_below_every_threshold()
    {
        Assert.Equal(double.NegativeInfinity, AudioLevel.Dbfs(new short[320]));
        Assert.Equal(double.NegativeInfinity, AudioLevel.Dbfs([]));
    }
}
