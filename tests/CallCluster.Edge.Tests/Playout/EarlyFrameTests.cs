using CallCluster.Edge.Playout;
using CallCluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.Edge.Tests.Playout;

/// <summary>
/// A talk spurt's first frame goes out on the thread that queued it, in place of the comfort silence prepared for the
/// coming tick. The shard's steps are driven by hand in the threaded loop's order (send; settle and prepare the next
/// tick), so between two steps the coming tick is always prepared, as it is between the real threads' steps.
/// </summary>
public sealed class EarlyFrameTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void The_first_frame_of_a_spurt_goes_out_at_once_and_the_rest_follow_on_the_grid()
    {
        using var scheduler = CreateScheduler();
        using var buffer = new PlayoutBuffer(10);
        var sink = new EarlySink();
        using var registration = scheduler.Register(buffer, sink);
        var shard = registration.Shard!;
        shard.Prepare();

        buffer.TryEnqueue(Frames.Filled(1));
        Assert.Equal(["prepare silence", "now 1"], sink.Events);

        buffer.TryEnqueue(Frames.Filled(2));
        buffer.TryEnqueue(Frames.Filled(3));
        for (var i = 0; i < 3; i++)
        {
            NextTick(shard);
        }

        // Frame 1 took the silent tick's place; that tick sent nothing more, then 2 and 3 went on the grid, once each.
        Assert.Equal(["prepare silence", "now 1", "send (nothing)", "prepare 2", "send 2", "prepare 3", "send 3", "prepare silence"], sink.Events);
    }

    [Fact]
    public void Marks_around_the_first_frame_are_reported_when_their_audio_is_out_not_a_tick_later()
    {
        using var scheduler = CreateScheduler();
        using var buffer = new PlayoutBuffer(10);
        var sink = new EarlySink();
        using var registration = scheduler.Register(buffer, sink);
        var shard = registration.Shard!;
        shard.Prepare();

        // As the call grain queues a turn: the first frame, then the start mark behind it, then the rest and the end.
        buffer.AddMark("before");
        buffer.TryEnqueue(Frames.Filled(1));
        buffer.AddMark("start");
        buffer.TryEnqueue(Frames.Filled(2));
        buffer.AddMark("end");
        Assert.Equal(["prepare silence", "mark before", "now 1", "mark start"], sink.Events);

        NextTick(shard);
        NextTick(shard);
        Assert.Equal(
            ["prepare silence", "mark before", "now 1", "mark start", "send (nothing)", "prepare 2", "send 2", "mark end", "prepare silence"],
            sink.Events);
    }

    [Fact]
    public void A_mark_behind_audio_still_in_flight_waits_for_its_send()
    {
        using var scheduler = CreateScheduler();
        using var buffer = new PlayoutBuffer(10);
        var sink = new EarlySink();
        using var registration = scheduler.Register(buffer, sink);
        var shard = registration.Shard!;

        // Nothing built for the call yet: the spurt's first frame is built and sent at once, in the coming tick's place.
        buffer.TryEnqueue(Frames.Filled(1));
        buffer.TryEnqueue(Frames.Filled(2));
        shard.Prepare();
        NextTick(shard);

        // Frame 2 is prepared, not sent: neither an early send nor an early mark.
        buffer.AddMark("after-2");
        buffer.TryEnqueue(Frames.Filled(3));
        Assert.Equal(["prepare 1", "send 1", "send (nothing)", "prepare 2"], sink.Events);

        NextTick(shard);
        Assert.Equal(["prepare 1", "send 1", "send (nothing)", "prepare 2", "send 2", "mark after-2", "prepare 3"], sink.Events);
    }

    [Fact]
    public void A_spurt_that_reaches_a_call_after_its_silence_went_out_is_built_and_sent_ahead_of_the_next_tick()
    {
        using var scheduler = CreateScheduler();
        using var buffer = new PlayoutBuffer(10);
        var sink = new EarlySink();
        using var registration = scheduler.Register(buffer, sink);
        var shard = registration.Shard!;
        shard.Prepare();
        shard.Send();

        // The tick's silence is out and the preparing thread has not settled it yet (it may wait for the CPU behind other
        // shards): the frame does not wait for it, nor for the next due time.
        buffer.TryEnqueue(Frames.Filled(1));
        buffer.AddMark("start");
        buffer.TryEnqueue(Frames.Filled(2));
        Assert.Equal(["prepare silence", "send silence", "prepare 1", "send 1", "mark start"], sink.Events);

        // The steps pass the call by for the tick it took, then frame 2 follows on the grid.
        shard.Settle();
        shard.Prepare();
        NextTick(shard);
        Assert.Equal(
            ["prepare silence", "send silence", "prepare 1", "send 1", "mark start", "send (nothing)", "prepare 2"],
            sink.Events);
    }

    [Fact]
    public void A_frame_the_sink_declines_goes_out_as_soon_as_the_next_tick_builds_it()
    {
        using var scheduler = CreateScheduler();
        using var buffer = new PlayoutBuffer(10);
        var sink = new EarlySink { Declines = true };
        using var registration = scheduler.Register(buffer, sink);
        var shard = registration.Shard!;
        shard.Prepare();

        buffer.TryEnqueue(Frames.Filled(1));
        buffer.AddMark("start");
        NextTick(shard);
        NextTick(shard);

        // The tick's silence goes out; the next Prepare takes the frame and, as a spurt's first, sends it at once.
        Assert.Equal(["prepare silence", "declined 1", "send silence", "prepare 1", "send 1", "mark start", "send (nothing)", "prepare silence"], sink.Events);
    }

    [Fact]
    public void Clear_during_a_spurt_drops_the_rest_and_the_next_spurt_starts_early_again()
    {
        using var scheduler = CreateScheduler();
        using var buffer = new PlayoutBuffer(10);
        var sink = new EarlySink();
        using var registration = scheduler.Register(buffer, sink);
        var shard = registration.Shard!;
        shard.Prepare();

        buffer.TryEnqueue(Frames.Filled(1));
        buffer.AddMark("start");
        buffer.TryEnqueue(Frames.Filled(2));
        buffer.TryEnqueue(Frames.Filled(3));
        buffer.AddMark("end");
        var dropped = buffer.Clear();

        // A new spurt in the same tick: its place is taken, so it waits for the grid.
        buffer.TryEnqueue(Frames.Filled(7));
        NextTick(shard);
        NextTick(shard);

        // Idle again: the next spurt goes out at once.
        buffer.TryEnqueue(Frames.Filled(9));
        NextTick(shard);

        Assert.Equal(["end"], dropped);
        Assert.Equal(
            ["prepare silence", "now 1", "mark start", "send (nothing)", "prepare 7", "send 7", "prepare silence", "now 9", "send (nothing)", "prepare silence"],
            sink.Events);
    }

    [Fact]
    public void Audio_queued_from_inside_a_playout_step_waits_for_its_shards_next_prepare()
    {
        // A bridge queues one call's caller audio into the other's playout from the first call's tick, possibly on
        // another shard: sending early there would take a second shard's gate while holding the first.
        using var scheduler = new PlayoutScheduler(
            Options.Create(new PlayoutOptions { Shards = 2 }), _time, NullLogger<PlayoutScheduler>.Instance);
        using var bridgedBuffer = new PlayoutBuffer(10);
        using var sourceBuffer = new PlayoutBuffer(10);
        var bridged = new EarlySink();
        var source = new EarlySink { OnSend = () => bridgedBuffer.TryEnqueue(Frames.Filled(5)) };
        using var bridgedRegistration = scheduler.Register(bridgedBuffer, bridged);
        using var sourceRegistration = scheduler.Register(sourceBuffer, source);
        Assert.NotSame(bridgedRegistration.Shard, sourceRegistration.Shard);
        bridgedRegistration.Shard!.Prepare();
        sourceRegistration.Shard!.Prepare();

        sourceRegistration.Shard.Send();
        NextTick(bridgedRegistration.Shard);

        // Left to the bridged shard's own Prepare, which sends it as soon as it is built.
        Assert.Equal(["prepare silence", "send silence", "prepare 5", "send 5"], bridged.Events);
    }

    [Fact]
    public void An_unregistered_call_sends_nothing_early()
    {
        using var scheduler = CreateScheduler();
        using var buffer = new PlayoutBuffer(10);
        var sink = new EarlySink();
        var registration = scheduler.Register(buffer, sink);
        registration.Shard!.Prepare();
        registration.Dispose();

        buffer.TryEnqueue(Frames.Filled(1));
        buffer.AddMark("start");

        Assert.Equal(["prepare silence"], sink.Events);
    }

    [Fact]
    public void A_buffer_is_paced_by_one_registration_at_a_time()
    {
        using var scheduler = CreateScheduler();
        using var buffer = new PlayoutBuffer(10);
        var first = scheduler.Register(buffer, new EarlySink());

        Assert.Throws<InvalidOperationException>(() => scheduler.Register(buffer, new EarlySink()));
        first.Dispose();
        using var second = scheduler.Register(buffer, new EarlySink());
    }

    /// <summary>One tick of the threaded loop: the pacing thread sends, then the preparing thread settles and prepares the next.</summary>
    private static void NextTick(PlayoutShard shard)
    {
        shard.Send();
        shard.Settle();
        shard.Prepare();
    }

    private PlayoutScheduler CreateScheduler() =>
        new(Options.Create(new PlayoutOptions { Shards = 1 }), _time, NullLogger<PlayoutScheduler>.Instance);

    /// <summary>
    /// Behaves like the RTP sink at the level of slots: what is prepared is sent once at the tick, unless a talk
    /// spurt's first frame took its place. Records every step with the frame's first sample.
    /// </summary>
    private sealed class EarlySink : IPlayoutSink
    {
        private readonly List<string> _events = [];
        private string? _prepared;

        public bool Declines { get; init; }

        public Action? OnSend { get; init; }

        public IReadOnlyList<string> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public void SendFrame(ReadOnlySpan<short> frame, bool comfortSilence)
        {
            _prepared = comfortSilence ? "silence" : $"{frame[0]}";
            Add($"prepare {_prepared}");
        }

        public void SendPrepared()
        {
            Add($"send {_prepared ?? "(nothing)"}");
            _prepared = null;
            OnSend?.Invoke();
        }

        public bool TrySendNow(ReadOnlySpan<short> frame)
        {
            if (Declines || _prepared != "silence")
            {
                Add($"declined {frame[0]}");
                return false;
            }

            _prepared = null;
            Add($"now {frame[0]}");
            return true;
        }

        public void OnMarkReached(string name) => Add($"mark {name}");

        private void Add(string e)
        {
            lock (_events)
            {
                _events.Add(e);
            }
        }
    }
}
