using CallCluster.Media.Frames;

namespace CallCluster.Media.Tests.Frames;

public sealed class AudioFramePoolTests
{
    [Fact]
    public void A_returned_frame_is_reused_and_cleared()
    {
        var pool = new AudioFramePool();
        var first = pool.Rent();
        first.Samples.Fill(42);
        first.Dispose();

        using var second = pool.Rent();

        Assert.Same(first, second);
        Assert.Equal(AudioFormat.SamplesPerFrame, second.Samples.Length);
        Assert.All(second.Samples.ToArray(), s => Assert.Equal(0, s));
    }

    [Fact]
    public void A_returned_frame_cannot_be_touched_and_double_dispose_returns_once()
    {
        var pool = new AudioFramePool();
        var frame = pool.Rent();
        frame.Dispose();
        frame.Dispose();

        Assert.Throws<ObjectDisposedException>(() => frame.Samples.Length);
        Assert.Equal(1, pool.IdleCount);
    }

    [Fact]
    public void The_pool_keeps_at_most_its_cap()
    {
        var pool = new AudioFramePool(maxRetained: 2);
        var frames = Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToList();
        frames.ForEach(f => f.Dispose());

        Assert.Equal(2, pool.IdleCount);
    }

    [Fact]
    public void Renting_from_a_warm_pool_allocates_nothing()
    {
        var pool = new AudioFramePool();
        pool.Rent().Dispose();
        pool.Rent().Dispose();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            using var frame = pool.Rent();
            frame.Samples[0] = 1;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void CopyOf_requires_a_whole_frame()
    {
        using var frame = AudioFrame.CopyOf(new short[320]);
        Assert.Throws<ArgumentException>(() => AudioFrame.CopyOf(new short[100]));
    }
}
