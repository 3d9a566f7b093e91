using CallCluster.Edge.Playout;
using CallCluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using CallCluster.Media.Frames;

namespace CallCluster.Edge.Tests.Playout;

public sealed class PlayoutSchedulerTests
{
    private static readonly TimeSpan Period = AudioFormat.FrameDuration;
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Each_tick_sends_one_frame_per_call_in_order_with_marks_after_their_audio_and_silence_when_empty()
    {
        using var scheduler = CreateScheduler();
        using var first = new PlayoutBuffer(10);
        using var second = new PlayoutBuffer(10);
        var firstSink = new RecordingSink();
        var secondSink = new RecordingSink();
        using var r1 = scheduler.Register(first, firstSink);
        using var r2 = scheduler.Register(second, secondSink);

        first.TryEnqueue(Frames.Filled(1));
        first.TryEnqueue(Frames.Filled(2));
        first.AddMark("greeting");
        second.TryEnqueue(Frames.Filled(7));

        RunTicks(scheduler, 3);

        Assert.Equal(["frame 1", "frame 2", "mark greeting", "silence"], firstSink.Events);
        Assert.Equal(["frame 7", "silence", "silence"], secondSink.Events);
    }

    [Fact]
    public void A_mark_placed_after_its_audio_went_out_is_reported_before_the_next_frame()
    {
        using var scheduler = CreateScheduler();
        using var buffer = new PlayoutBuffer(10);
        var sink = new RecordingSink();
        using var registration = scheduler.Register(buffer, sink);

        buffer.TryEnqueue(Frames.Filled(1));
        RunTicks(scheduler, 1);
        buffer.AddMark("after-1");
        buffer.TryEnqueue(Frames.Filled(2));
        RunTicks(scheduler, 1);

        Assert.Equal(["frame 1", "mark after-1", "frame 2"], sink.Events);
    }

    [Fact]
    public void Ticks_stay_on_the_20ms_grid_when_the_loop_wakes_late()
    {
        using var scheduler = CreateScheduler();
        var start = _time.GetTimestamp();
        var next = scheduler.RunDueTicks(start);
        Assert.Equal(1, scheduler.TicksRun);

        // Wake 7 ms late: the tick runs now, but the next one is still due on the original grid.
        _time.Advance(Period + TimeSpan.FromMilliseconds(7));
        next = scheduler.RunDueTicks(_time.GetTimestamp());
        Assert.Equal(2, scheduler.TicksRun);
        Assert.Equal(start + (2 * Period.Ticks), next);

        // Wake 45 ms after a due time: the two missed ticks run back to back to catch up.
        _time.Advance(Period - TimeSpan.FromMilliseconds(7) + TimeSpan.FromMilliseconds(45));
        next = scheduler.RunDueTicks(_time.GetTimestamp());
        Assert.Equal(5, scheduler.TicksRun);
        Assert.Equal(start + (5 * Period.Ticks), next);

        var jitter = scheduler.Jitter.Snapshot();
        Assert.Equal(5, jitter.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(45), jitter.Max);
        Assert.Equal(TimeSpan.FromMilliseconds(5), jitter.Percentile(40));
    }

    [Fact]
    public void After_a_stall_longer_than_the_catch_up_allowance_old_ticks_are_skipped_not_burst()
    {
        using var scheduler = CreateScheduler(maxCatchUpTicks: 3);
        using var buffer = new PlayoutBuffer(100);
        var sink = new RecordingSink();
        using var registration = scheduler.Register(buffer, sink);
        for (short i = 1; i <= 20; i++)
        {
            buffer.TryEnqueue(Frames.Filled(i));
        }

        var start = _time.GetTimestamp();
        scheduler.RunDueTicks(start);
        _time.Advance(Period * 10);
        var next = scheduler.RunDueTicks(_time.GetTimestamp());

        // Ticks 1..10 are due; the allowance keeps 3 behind the latest, so 1..6 are skipped and 7..10 run.
        Assert.Equal(5, scheduler.TicksRun);
        Assert.Equal(start + (11 * Period.Ticks), next);
        Assert.Equal(["frame 1", "frame 2", "frame 3", "frame 4", "frame 5"], sink.Events);
    }

    [Fact]
    public async Task Clear_takes_effect_on_the_very_next_tick()
    {
        using var scheduler = CreateScheduler();
        using var buffer = new PlayoutBuffer(10);
        var sink = new RecordingSink();
        using var registration = scheduler.Register(buffer, sink);
        for (short i = 1; i <= 5; i++)
        {
            await buffer.EnqueueAsync(Frames.Filled(i), TestContext.Current.CancellationToken);
        }

        buffer.AddMark("end-of-answer");
        RunTicks(scheduler, 2);
        var dropped = buffer.Clear();
        RunTicks(scheduler, 1);

        Assert.Equal(["end-of-answer"], dropped);
        Assert.Equal(["frame 1", "frame 2", "silence"], sink.Events);
    }

    [Fact]
    public void A_failing_sink_does_not_stop_other_calls()
    {
        using var scheduler = CreateScheduler();
        using var broken = new PlayoutBuffer(10);
        using var healthy = new PlayoutBuffer(10);
        var sink = new RecordingSink();
        using var r1 = scheduler.Register(broken, new ThrowingSink());
        using var r2 = scheduler.Register(healthy, sink);
        healthy.TryEnqueue(Frames.Filled(3));

        RunTicks(scheduler, 2);

        Assert.Equal(["frame 3", "silence"], sink.Events);
    }

    [Fact]
    public void An_unregistered_call_gets_no_more_ticks()
    {
        using var scheduler = CreateScheduler();
        using var buffer = new PlayoutBuffer(10);
        var sink = new RecordingSink();
        var registration = scheduler.Register(buffer, sink);
        RunTicks(scheduler, 1);
        registration.Dispose();
        RunTicks(scheduler, 2);

        Assert.Equal(["silence"], sink.Events);
        Assert.Equal(0, scheduler.ActiveStreams);
    }

    [Fact]
    public async Task The_real_loop_paces_frames_and_measures_its_jitter()
    {
        using var scheduler = new PlayoutScheduler(
            Options.Create(new PlayoutOptions()), TimeProvider.System, NullLogger<PlayoutScheduler>.Instance);
        using var buffer = new PlayoutBuffer(100);
        var sink = new RecordingSink();
        using var registration = scheduler.Register(buffer, sink);
        for (short i = 1; i <= 10; i++)
        {
            buffer.TryEnqueue(Frames.Filled(i));
        }

        buffer.AddMark("last");
        scheduler.Start();

        await Eventually.TrueAsync(() => sink.Events.Contains("mark last"), TimeSpan.FromSeconds(30), "the last mark is reached");

        var frames = sink.Events.TakeWhile(e => e != "mark last").Where(e => e.StartsWith("frame", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"frame {i}"), frames);
        var jitter = scheduler.Jitter.Snapshot();
        Assert.True(jitter.Count >= 10, jitter.ToString());
        Assert.True(jitter.Max >= jitter.Percentile(50), jitter.ToString());
    }

    [Fact]
    public async Task The_real_loop_prepares_ahead_on_one_thread_and_sends_on_the_pacing_thread_of_each_shard()
    {
        using var scheduler = new PlayoutScheduler(
            Options.Create(new PlayoutOptions { Shards = 2, ThreadPriority = ThreadPriority.Normal }), TimeProvider.System, NullLogger<PlayoutScheduler>.Instance);
        using var firstBuffer = new PlayoutBuffer(100);
        using var secondBuffer = new PlayoutBuffer(100);
        var first = new StepRecordingSink();
        var second = new StepRecordingSink();
        using var r1 = scheduler.Register(firstBuffer, first);
        using var r2 = scheduler.Register(secondBuffer, second);
        var queuing = Thread.CurrentThread.Name ?? "?";
        for (short i = 1; i <= 5; i++)
        {
            firstBuffer.TryEnqueue(Frames.Filled(i));
            if (i == 3)
            {
                firstBuffer.AddMark("after-3");
            }
        }

        scheduler.Start();
        await Eventually.TrueAsync(() => first.Steps.Count(s => s.Step == "send") >= 8 && second.Steps.Count(s => s.Step == "send") >= 8,
            TimeSpan.FromSeconds(30), "eight ticks on both shards");

        // Frame 1 starts a talk spurt on a call with nothing built yet: the thread that queued it builds and sends it at
        // once, in the first tick's place, which then sends nothing.
        Assert.Equal([("prepare 1", queuing), ("send", queuing)], first.Steps.Take(2));
        Assert.Equal("send", first.Steps[2].Step);
        Assert.StartsWith("Playout pace", first.Steps[2].Thread, StringComparison.Ordinal);

        foreach (var steps in new[] { first.Steps.Skip(3).Where(s => s.Step != "mark after-3").ToList(), second.Steps.ToList() })
        {
            // Strictly prepare, send, prepare, send: a frame is built before its tick and sent once.
            Assert.All(steps.Where((_, i) => i % 2 == 0), s => Assert.StartsWith("prepare", s.Step, StringComparison.Ordinal));
            Assert.All(steps.Where((_, i) => i % 2 == 1), s => Assert.Equal("send", s.Step));
            Assert.All(steps, s => Assert.StartsWith(s.Step == "send" ? "Playout pace" : "Playout prepare", s.Thread, StringComparison.Ordinal));
        }

        // The calls are on different shards, so different pacing threads send them.
        Assert.NotEqual(first.Steps[2].Thread, second.Steps.First(s => s.Step == "send").Thread);

        // A mark right behind frame 3 is reported once frame 3 has been sent, before frame 4 is prepared.
        var names = first.Steps.Select(s => s.Step).ToList();
        var mark = names.IndexOf("mark after-3");
        Assert.Equal(["prepare 3", "send", "mark after-3", "prepare 4"], names[(mark - 2)..(mark + 2)]);
        Assert.Equal(["prepare 1", "send", "send", "prepare 2", "send", "prepare 3"], names.Take(6));
    }

    private PlayoutScheduler CreateScheduler(int maxCatchUpTicks = 5) =>
        new(Options.Create(new PlayoutOptions { MaxCatchUpTicks = maxCatchUpTicks }), _time, NullLogger<PlayoutScheduler>.Instance);

    /// <summary>Anchors the grid on the first call, then advances exactly one period per further tick.</summary>
    private void RunTicks(PlayoutScheduler scheduler, int count)
    {
        var before = scheduler.TicksRun;
        if (before == 0)
        {
            scheduler.RunDueTicks(_time.GetTimestamp());
        }

        while (scheduler.TicksRun < before + count)
        {
            _time.Advance(Period);
            scheduler.RunDueTicks(_time.GetTimestamp());
        }
    }

    /// <summary>Records each step the scheduler takes on the sink, with the name of the thread it ran on.</summary>
    private sealed class StepRecordingSink : IPlayoutSink
    {
        private readonly List<(string Step, string Thread)> _steps = [];

        public IReadOnlyList<(string Step, string Thread)> Steps
        {
            get
            {
                lock (_steps)
                {
                    return [.. _steps];
                }
            }
        }

        public void SendFrame(ReadOnlySpan<short> frame, bool comfortSilence) => Add(comfortSilence ? "prepare silence" : $"prepare {frame[0]}");

        public void SendPrepared() => Add("send");

        public void OnMarkReached(string name) => Add($"mark {name}");

        private void Add(string step)
        {
            lock (_steps)
            {
                _steps.Add((step, Thread.CurrentThread.Name ?? "?"));
            }
        }
    }

    private sealed class ThrowingSink : IPlayoutSink
    {
        public void SendFrame(ReadOnlySpan<short> frame, bool comfortSilence) => throw new InvalidOperationException("socket gone");

        public void OnMarkReached(string name) => throw new InvalidOperationException("socket gone");
    }
}
