using CallCluster.Media.Frames;

namespace CallCluster.Media.Tests.Frames;

public sealed class AudioBlockPoolTests
{
    [Fact]
    public void A_returned_block_is_rented_again_newest_first()
    {
        var pool = new AudioBlockPool(320, maxRetained: 8);
        var first = pool.Rent();
        var second = pool.Rent();
        pool.Return(first);
        pool.Return(second);

        Assert.Same(second, pool.Rent());
        Assert.Same(first, pool.Rent());
        Assert.Equal(320, first.Length);
    }

    [Fact]
    public void Blocks_live_on_the_pinned_heap_so_ephemeral_collections_never_move_them()
    {
        var block = new AudioBlockPool(320, maxRetained: 1).Rent();

        // The pinned object heap is part of gen2 from the start.
        Assert.Equal(GC.MaxGeneration, GC.GetGeneration(block));
    }

    [Fact]
    public void The_pool_keeps_at_most_its_cap_and_refuses_a_block_of_another_size()
    {
        var pool = new AudioBlockPool(320, maxRetained: 2);
        var blocks = Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToList();
        blocks.ForEach(pool.Return);

        Assert.Equal(2, pool.IdleCount);
        Assert.Throws<ArgumentException>(() => pool.Return(new short[512]));
    }

    [Fact]
    public void Longer_requests_fall_back_to_the_shared_pool_and_go_back_there()
    {
        var pool = new AudioBlockPool(320, maxRetained: 4);
        var small = pool.RentAtLeast(160);
        var large = pool.RentAtLeast(1000);

        Assert.Equal(320, small.Length);
        Assert.True(large.Length >= 1000);
        pool.ReturnAny(small);
        pool.ReturnAny(large);
        Assert.Equal(1, pool.IdleCount);
    }

    [Fact]
    public void Renting_from_a_warm_pool_allocates_nothing()
    {
        var pool = new AudioBlockPool(320, maxRetained: 4);
        pool.Return(pool.Rent());
        pool.Return(pool.Rent());

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            var block = pool.Rent();
            block[0] = 1;
            pool.Return(block);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
