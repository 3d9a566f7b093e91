using CallCluster.Edge.Calls;
using CallCluster.Edge.Playout;
using CallCluster.Edge.Tests.Playout;
using CallCluster.Edge.Tests.Support;
using CallCluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using CallCluster.Media.Frames;

namespace CallCluster.Edge.Tests.Calls;

public sealed class EdgeCallTests : IDisposable
{
    private static readonly CallStartInfo Info = new(
        "call-1", "+15550100", "+15550199", "PCMU/8000", DtmfCapability.Rfc4733, new Dictionary<string, string>(StringComparer.Ordinal));

    private readonly ManualTimeProvider _time = new();
    private readonly PlayoutScheduler _scheduler;

    public EdgeCallTests() =>
        _scheduler = new PlayoutScheduler(Options.Create(new PlayoutOptions()), _time, NullLogger<PlayoutScheduler>.Instance);

    public void Dispose() => _scheduler.Dispose();

    [Fact]
    public async Task Caller_audio_digits_and_the_end_reach_the_handler_in_order()
    {
        var handler = new RecordingHandler();
        var (call, _) = await StartAsync(handler);
        var session = await handler.Accepted;

        call.PostCallerAudio(Frames.Filled(1));
        call.PostDtmf('5');
        call.PostCallerAudio(Frames.Filled(2));
        call.End(new CallEnd(CallEndedBy.Caller, "bye"));
        await call.Completion.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(["audio 1", "dtmf 5", "audio 2", "ended Caller bye"], session.Events);
        Assert.All(session.CallerFrames[1], s => Assert.Equal(2, s));
        Assert.False(call.PostCallerAudio(Frames.Filled(3)));
        await call.DisposeAsync();
    }

    [Fact]
    public async Task Agent_audio_is_paced_one_frame_per_tick_and_marks_are_reported_after_their_audio()
    {
        var handler = new RecordingHandler();
        var (call, transport) = await StartAsync(handler);
        var session = await handler.Accepted;

        await session.Channel.SendAudioAsync(Frames.Filled(1), TestContext.Current.CancellationToken);
        await session.Channel.SendAudioAsync(Frames.Filled(2), TestContext.Current.CancellationToken);
        session.Channel.Mark("sentence-1");
        await session.Channel.SendAudioAsync(Frames.Filled(3), TestContext.Current.CancellationToken);

        Tick(1);
        Assert.Equal(["frame 1"], transport.Events);
        Assert.DoesNotContain(session.Events, e => e.StartsWith("mark", StringComparison.Ordinal));

        Tick(3);
        Assert.Equal(["frame 1", "frame 2", "mark sentence-1", "frame 3", "silence"], transport.Events);
        await session.WaitForAsync(e => e.Contains("mark sentence-1 Played"), "the mark to be reported played");
        await call.DisposeAsync();
    }

    [Fact]
    public async Task Clear_drops_queued_audio_at_once_and_reports_unreached_marks_as_cleared()
    {
        var handler = new RecordingHandler();
        var (call, transport) = await StartAsync(handler, confirmMarks: false);
        var session = await handler.Accepted;
        for (short i = 1; i <= 3; i++)
        {
            await session.Channel.SendAudioAsync(Frames.Filled(i), TestContext.Current.CancellationToken);
        }

        session.Channel.Mark("a");
        for (short i = 4; i <= 50; i++)
        {
            await session.Channel.SendAudioAsync(Frames.Filled(i), TestContext.Current.CancellationToken);
        }

        session.Channel.Mark("b");
        Tick(4);

        // "a" went to the line but the line never confirmed it; "b" was still queued.
        session.Channel.ClearPlayout();
        Assert.Equal(0, call.QueuedPlayoutFrames);
        await session.WaitForAsync(e => e.Contains("mark b Cleared"), "both marks to be reported cleared");
        Assert.Equal(["mark a Cleared", "mark b Cleared"], session.Events);

        // A late confirmation of a cleared mark changes nothing; new audio plays normally.
        call.ReportMarkPlayed("a");
        await session.Channel.SendAudioAsync(Frames.Filled(99), TestContext.Current.CancellationToken);
        Tick(2);
        Assert.Equal(["frame 1", "frame 2", "frame 3", "mark a", "frame 4", "clear", "frame 99", "silence"], transport.Events);
        Assert.Equal(2, session.Events.Count);
        await call.DisposeAsync();
    }

    [Fact]
    public async Task Marks_pending_when_the_call_ends_are_reported_cleared_before_the_end()
    {
        var handler = new RecordingHandler();
        var (call, _) = await StartAsync(handler);
        var session = await handler.Accepted;
        // Frame 1 starts a spurt and goes out at once; frame 2 and the mark behind it are still queued.
        await session.Channel.SendAudioAsync(Frames.Filled(1), TestContext.Current.CancellationToken);
        await session.Channel.SendAudioAsync(Frames.Filled(2), TestContext.Current.CancellationToken);
        session.Channel.Mark("goodbye");

        call.End(new CallEnd(CallEndedBy.Caller, "bye"));
        await call.DisposeAsync();

        Assert.Equal(["mark goodbye Cleared", "ended Caller bye"], session.Events);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.Channel.SendAudioAsync(Frames.Filled(2), default).AsTask());
    }

    [Fact]
    public async Task The_handler_hanging_up_ends_the_call_as_the_agent_and_hangs_up_the_line()
    {
        var handler = new RecordingHandler { OnDtmf = s => s.Channel.HangUpAsync(default) };
        var (call, transport) = await StartAsync(handler);
        var session = await handler.Accepted;

        call.PostDtmf('#');
        await call.Completion.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(["dtmf #", "ended Agent hangup"], session.Events);
        Assert.Contains("hangup", transport.Events);
        await call.DisposeAsync();
    }

    [Fact]
    public async Task A_failing_handler_ends_its_call_and_hangs_up_the_line()
    {
        var handler = new RecordingHandler { OnAudio = (_, _) => throw new InvalidOperationException("grain exploded") };
        var (call, transport) = await StartAsync(handler);

        call.PostCallerAudio(Frames.Filled(1));
        await call.Completion.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.True(call.HasEnded);
        Assert.Contains("hangup", transport.Events);
        await call.DisposeAsync();
    }

    [Fact]
    public async Task Caller_frames_beyond_the_allowance_are_dropped_while_the_handler_is_stuck()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingHandler { OnAudio = async (_, _) => await release.Task };
        var (call, _) = await StartAsync(handler, maxPendingCallerFrames: 3);
        var session = await handler.Accepted;

        Assert.True(call.PostCallerAudio(Frames.Filled(1)));
        await session.WaitForAsync(e => e.Contains("audio 1"), "the handler to be stuck on the first frame");
        Assert.True(call.PostCallerAudio(Frames.Filled(2)));
        Assert.True(call.PostCallerAudio(Frames.Filled(3)));
        Assert.True(call.PostCallerAudio(Frames.Filled(4)));
        Assert.False(call.PostCallerAudio(Frames.Filled(5)));

        release.SetResult();
        await session.WaitForAsync(e => e.Contains("audio 4"), "the queued frames to be delivered");
        await call.DisposeAsync();
        Assert.Equal(["audio 1", "audio 2", "audio 3", "audio 4", "ended Edge disposed"], session.Events);
    }

    [Fact]
    public async Task A_handler_that_does_not_accept_in_time_fails_the_start_with_a_timeout()
    {
        var factory = new EdgeCallFactory(
            new NeverAcceptingHandler(),
            _scheduler,
            Options.Create(new EdgeOptions { AcceptTimeout = TimeSpan.FromMilliseconds(100) }),
            Options.Create(new PlayoutOptions()),
            NullLogger<EdgeCall>.Instance);
        var call = factory.Create(Info, new FakeTransport());

        var error = await Assert.ThrowsAsync<TimeoutException>(() => call.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("call-1", error.Message, StringComparison.Ordinal);
        await call.DisposeAsync();
        Assert.Equal(0, _scheduler.ActiveStreams);
    }

    [Fact]
    public async Task Transfer_goes_to_the_line()
    {
        var handler = new RecordingHandler();
        var (call, transport) = await StartAsync(handler);
        var session = await handler.Accepted;

        await session.Channel.TransferAsync(new TransferRequest("sip:desk@example.com", Blind: true), TestContext.Current.CancellationToken);

        Assert.Contains("transfer blind=True", transport.Events);
        await call.DisposeAsync();
    }

    private async Task<(EdgeCall Call, FakeTransport Transport)> StartAsync(
        ICallMediaHandler handler, bool confirmMarks = true, int maxPendingCallerFrames = 50)
    {
        var factory = new EdgeCallFactory(
            handler,
            _scheduler,
            Options.Create(new EdgeOptions { MaxPendingCallerFrames = maxPendingCallerFrames }),
            Options.Create(new PlayoutOptions()),
            NullLogger<EdgeCall>.Instance);
        var transport = new FakeTransport { ConfirmMarks = confirmMarks };
        var call = factory.Create(Info, transport);
        transport.Call = call;
        await call.StartAsync(TestContext.Current.CancellationToken);
        return (call, transport);
    }

    private void Tick(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _time.Advance(AudioFormat.FrameDuration);
            _scheduler.RunDueTicks(_time.GetTimestamp());
        }
    }

    private sealed class NeverAcceptingHandler : ICallMediaHandler
    {
        public async ValueTask<ICallMediaSession> AcceptCallAsync(CallStartInfo call, ICallMediaChannel channel, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
