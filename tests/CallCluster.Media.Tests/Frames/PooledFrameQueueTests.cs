using CallCluster.Media.Frames;
using FsCheck;
using FsCheck.Fluent;

namespace CallCluster.Media.Tests.Frames;

public sealed class PooledFrameQueueTests
{
    [Fact]
    public void Frames_come_out_in_order_and_read_in_place_across_segments_whatever_the_mix_of_enqueues_dequeues_and_clears()
    {
        // Each operation: 0–5 enqueue a run of up to 30 frames, 6–8 dequeue a run of up to 30, 9 clear.
        Prop.ForAll<(byte Kind, byte Run)[]>(operations =>
        {
            var queue = new PooledFrameQueue();
            var model = new Queue<short>();
            short next = 1;
            foreach (var (kind, run) in operations)
            {
                var frames = (run % 30) + 1;
                switch (kind % 10)
                {
                    case < 6:
                        for (var i = 0; i < frames; i++, next++)
                        {
                            queue.Enqueue(Frame(next));
                            model.Enqueue(next);
                        }

                        break;
                    case < 9:
                        for (var i = 0; i < frames && model.Count > 0; i++)
                        {
                            var expected = model.Dequeue();
                            var frame = queue.Peek();
                            if (frame[0] != expected || frame[^1] != expected)
                            {
                                return false;
                            }

                            queue.Dequeue();
                        }

                        break;
                    default:
                        queue.Clear();
                        model.Clear();
                        break;
                }

                if (queue.Count != model.Count)
                {
                    return false;
                }

                // Any frame can be read in place, by its distance from the oldest.
                var queued = model.ToArray();
                for (var i = 0; i < queued.Length; i += 7)
                {
                    if (queue[i][0] != queued[i] || queue[i][^1] != queued[i])
                    {
                        return false;
                    }
                }
            }

            queue.Clear();
            return queue.Count == 0;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void An_empty_queue_refuses_peek_and_dequeue_and_a_frame_must_be_20_ms()
    {
        var queue = new PooledFrameQueue();
        queue.Enqueue(Frame(7));
        queue.Dequeue();

        Assert.Throws<ArgumentException>(() => queue.Enqueue(new short[AudioFormat.SamplesPerFrame - 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => queue[0].Length);
        Assert.Throws<InvalidOperationException>(() => queue.Peek().Length);
        Assert.Throws<InvalidOperationException>(queue.Dequeue);
    }

    [Fact]
    public void A_steady_stream_allocates_nothing_once_the_segments_are_pooled()
    {
        var queue = new PooledFrameQueue();
        var frame = Frame(3);

        // The first pass rents the segments (and grows the queue of them); the second reuses them.
        PlayAnswersOverlapping(queue, frame);
        var before = GC.GetAllocatedBytesForCurrentThread();
        PlayAnswersOverlapping(queue, frame);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Frames queued faster than they are played, as a synthesiser does, then the rest dropped by barge-in.</summary>
    private static void PlayAnswersOverlapping(PooledFrameQueue queue, short[] frame)
    {
        for (var i = 0; i < 1000; i++)
        {
            queue.Enqueue(frame);
            if (i % 3 != 0)
            {
                queue.Dequeue();
            }
        }

        queue.Clear();
    }

    private static short[] Frame(short value)
    {
        var frame = new short[AudioFormat.SamplesPerFrame];
        Array.Fill(frame, value);
        return frame;
    }
}
