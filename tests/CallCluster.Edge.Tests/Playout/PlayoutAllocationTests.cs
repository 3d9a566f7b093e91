using CallCluster.Edge.Playout;
using CallCluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using CallCluster.Media.Frames;

namespace CallCluster.Edge.Tests.Playout;

public sealed class PlayoutAllocationTests
{
    [Fact]
    public void Queueing_and_pacing_frames_with_marks_allocates_nothing_once_warm()
    {
        var time = new ManualTimeProvider();
        using var scheduler = new PlayoutScheduler(Options.Create(new PlayoutOptions()), time, NullLogger<PlayoutScheduler>.Instance);
        using var buffer = new PlayoutBuffer(100);
        var sink = new CountingSink();
        using var registration = scheduler.Register(buffer, sink);
        var frame = Frames.Filled(1);
        const string mark = "sentence";

        void RunFrames(int count)
        {
            for (var i = 0; i < count; i++)
            {
                buffer.TryEnqueue(frame);
                if (i % 10 == 0)
                {
                    buffer.AddMark(mark);
                }

                time.Advance(AudioFormat.FrameDuration);
                scheduler.RunDueTicks(time.GetTimestamp());
            }
        }

        RunFrames(200);
        var before = GC.GetAllocatedBytesForCurrentThread();
        RunFrames(1000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1200, sink.Frames);
        Assert.Equal(120, sink.Marks);

        // ManualTimeProvider.Advance itself allocates (LINQ over its timers); measure it alone and subtract.
        var clockBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            time.Advance(AudioFormat.FrameDuration);
        }

        var clockCost = GC.GetAllocatedBytesForCurrentThread() - clockBefore;
        Assert.True(allocated <= clockCost, $"1000 frames allocated {allocated} bytes beyond the test clock's {clockCost}.");
    }

    [Fact]
    public void Starting_talk_spurts_early_allocates_nothing_once_warm()
    {
        using var scheduler = new PlayoutScheduler(
            Options.Create(new PlayoutOptions { Shards = 1 }), new ManualTimeProvider(), NullLogger<PlayoutScheduler>.Instance);
        using var buffer = new PlayoutBuffer(100);
        var sink = new CountingSink();
        using var registration = scheduler.Register(buffer, sink);
        var shard = registration.Shard!;
        var frame = Frames.Filled(1);
        const string start = "start";
        const string end = "end";
        shard.Prepare();

        // A short turn per round, as the call grain queues it, then a tick of silence: every first frame goes out early.
        void RunTurns(int count)
        {
            for (var i = 0; i < count; i++)
            {
                buffer.TryEnqueue(frame);
                buffer.AddMark(start);
                buffer.TryEnqueue(frame);
                buffer.AddMark(end);
                for (var tick = 0; tick < 3; tick++)
                {
                    shard.Send();
                    shard.Settle();
                    shard.Prepare();
                }
            }
        }

        RunTurns(50);
        var before = GC.GetAllocatedBytesForCurrentThread();
        RunTurns(500);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(550, sink.EarlyFrames);
        Assert.Equal(1100, sink.Frames);
        Assert.Equal(1100, sink.Marks);
        Assert.Equal(0, allocated);
    }

    private sealed class CountingSink : IPlayoutSink
    {
        private bool _silencePrepared;

        public int Frames { get; private set; }

        public int EarlyFrames { get; private set; }

        public int Marks { get; private set; }

        public void SendFrame(ReadOnlySpan<short> frame, bool comfortSilence)
        {
            Frames += comfortSilence ? 0 : 1;
            _silencePrepared = comfortSilence;
        }

        public bool TrySendNow(ReadOnlySpan<short> frame)
        {
            if (!_silencePrepared)
            {
                return false;
            }

            _silencePrepared = false;
            Frames++;
            EarlyFrames++;
            return true;
        }

        public void OnMarkReached(string name) => Marks++;
    }
}
